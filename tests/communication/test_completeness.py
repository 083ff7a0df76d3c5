"""What the communication section still lacks, as the plan overview shows it."""

import datetime

import pytest

from assessments.models import Stakeholder
from communication.models import CommunicationEntry, Engagement
from communication.section import completeness
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db

PLAN_ONE = "Plan at least one communication."
STAKEHOLDER = "Address at least one stakeholder directly in the communication plan."
FEEDBACK = "Give every communication a feedback mechanism."
ENGAGEMENT = "Log at least one engagement with stakeholders."
UNDETERMINED = "1 communication has no owner or no first date yet."


def entry(plan, **fields):
    values = {
        "audience_group": "All parents",
        "key_messages": "Walk to school",
        "channel": "email",
        "start_date": datetime.date(2026, 1, 1),
        "owner": "Communication officer",
    }
    values.update(fields)
    return CommunicationEntry.objects.create(plan=plan, **values)


def engagement(plan):
    return Engagement.objects.create(
        plan=plan,
        kind="meeting",
        title="Parents' evening",
        date=datetime.date(2026, 3, 1),
        summary="Walking buses discussed",
    )


def test_an_empty_section_lacks_everything(plan):
    result = completeness(plan)
    assert (result.done, result.total) == (0, 5)
    assert result.missing == (PLAN_ONE, STAKEHOLDER, FEEDBACK, ENGAGEMENT)
    assert not result.is_complete


def test_each_criterion_is_met_in_turn_and_only_by_this_plans_rows(plan):
    other = PlanFactory()
    other_stakeholder = Stakeholder.objects.create(plan=other, name="Shops")
    entry(other, audience_group="", audience_stakeholder=other_stakeholder, feedback_mechanism="x")
    engagement(other)
    assert completeness(plan).done == 0  # another plan's communication counts for nothing

    first = entry(plan)  # a group, no feedback mechanism; its owner and first date are known
    result = completeness(plan)
    assert result.done == 2
    assert result.missing == (STAKEHOLDER, FEEDBACK, ENGAGEMENT)

    parents = Stakeholder.objects.create(plan=plan, name="Parents' association")
    entry(plan, audience_group="", audience_stakeholder=parents, feedback_mechanism="Reply card")
    result = completeness(plan)
    assert result.done == 3
    assert result.missing == (FEEDBACK, ENGAGEMENT)  # the first entry still has no feedback

    first.feedback_mechanism = "Open hour at the school"
    first.save()
    result = completeness(plan)
    assert result.done == 4 and result.missing == (ENGAGEMENT,)

    engagement(plan)
    result = completeness(plan)
    assert (result.done, result.total, result.missing) == (5, 5, ())
    assert result.is_complete and result.percent == 100


@pytest.mark.parametrize(
    "unknown", [{"owner": ""}, {"start_date": None}, {"owner": "", "start_date": None}]
)
def test_a_communication_without_owner_or_first_date_is_counted_as_missing(plan, unknown):
    parents = Stakeholder.objects.create(plan=plan, name="Parents' association")
    entry(plan, audience_group="", audience_stakeholder=parents, feedback_mechanism="Reply card")
    engagement(plan)
    assert completeness(plan).is_complete

    entry(plan, feedback_mechanism="Reply card", **unknown)
    result = completeness(plan)
    assert (result.done, result.total, result.missing) == (4, 5, (UNDETERMINED,))
    assert not result.is_complete
