"""Every link from an item to another item must stay inside the plan, whatever path writes it."""

import pytest
from django.core.exceptions import ValidationError

from objectives.models import Goal
from plans.sections.items import item_create, item_update
from tests.accounts.factories import UserFactory
from tests.assessments.factories import NeedFactory
from tests.objectives.factories import GoalFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db


def test_a_service_refuses_a_link_to_another_plans_item_next_to_the_field():
    plan = PlanFactory()
    foreign = NeedFactory(plan=PlanFactory())
    with pytest.raises(ValidationError) as error:
        item_create(
            plan=plan, model=Goal, data={"statement": "Safer", "need": foreign}, user=UserFactory()
        )
    assert "need" in error.value.message_dict
    assert "an item of this plan" in error.value.message_dict["need"][0]
    assert not Goal.objects.exists()


def test_an_update_cannot_move_a_link_to_another_plan_either():
    goal = GoalFactory(need=None)
    foreign = NeedFactory(plan=PlanFactory())
    with pytest.raises(ValidationError):
        item_update(instance=goal, data={"need": foreign}, expected_version=1, user=UserFactory())
    goal.refresh_from_db()
    assert goal.need is None and goal.version == 1


def test_a_link_within_the_plan_is_kept():
    plan = PlanFactory()
    need = NeedFactory(plan=plan)
    goal = item_create(
        plan=plan, model=Goal, data={"statement": "Safer", "need": need}, user=UserFactory()
    )
    assert goal.need == need


def test_the_form_offers_only_the_plans_items(client_for, people, plan):
    from django.urls import reverse

    from plans.models import Role

    mine, foreign = NeedFactory(plan=plan), NeedFactory(plan=PlanFactory())
    url = reverse("objectives:goals_add", kwargs={"plan": plan.uuid})
    body = client_for(people[Role.PLANNER]).get(url).content.decode()
    assert f'value="{mine.pk}"' in body and f'value="{foreign.pk}"' not in body
    response = client_for(people[Role.PLANNER]).post(url, {"statement": "x", "need": foreign.pk})
    assert response.status_code == 400 and not Goal.objects.exists()
