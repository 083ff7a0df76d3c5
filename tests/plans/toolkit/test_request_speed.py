"""What keeps a page's CPU time independent of where it starts: item URLs built once per list
and request, and every request's frames on one frame stack chunk (plans/stack.py)."""

import pytest
from django.conf import settings
from django.urls import reverse

from plans.stack import RESERVED_SLOTS, StackChunkMiddleware, call_on_own_chunk
from tests.objectives.factories import GoalFactory
from tests.plans.factories import PlanFactory

# A 16 KiB chunk holds 2,048 slots (pointers): a larger frame always starts a chunk of its own.
CHUNK_SLOTS = 16 * 1024 // 8


def test_the_calling_frame_does_not_fit_in_a_default_chunk():
    assert RESERVED_SLOTS > CHUNK_SLOTS
    assert call_on_own_chunk.__code__.co_nlocals > CHUNK_SLOTS


def test_the_call_passes_arguments_results_and_errors_through():
    assert call_on_own_chunk(lambda a, b=0: (a, b), 1, b=2) == (1, 2)
    with pytest.raises(KeyError):
        call_on_own_chunk({}.__getitem__, "missing")


def test_the_middleware_comes_first_and_returns_the_response():
    assert settings.MIDDLEWARE[0] == "plans.stack.StackChunkMiddleware"
    middleware = StackChunkMiddleware(lambda request: ("response", request))
    assert middleware("request") == ("response", "request")


@pytest.mark.django_db
def test_item_urls_built_from_one_reverse_are_the_urls_reverse_gives():
    from objectives.views import goals

    plan = PlanFactory()
    first, second = GoalFactory(plan=plan), GoalFactory(plan=plan)
    for action in ("row", "edit", "delete", "move"):
        for goal in (first, second, first):
            expected = reverse(
                f"objectives:goals_{action}", kwargs={"plan": plan.uuid, "pk": goal.pk}
            )
            assert goals.url(action, plan, goal.pk) == expected
    assert goals.url("add", plan) == reverse("objectives:goals_add", kwargs={"plan": plan.uuid})
