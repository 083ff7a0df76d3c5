"""What keeps a list page cheap: item URLs built once per list and request, then filled in."""

import pytest
from django.urls import reverse

from tests.objectives.factories import GoalFactory
from tests.plans.factories import PlanFactory


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
