"""ListFilter: parsed once from the query string, applied by the toolkit, one prefix per list."""

import pytest
from django.http import QueryDict

from objectives.models import Goal
from plans.sections.filters import Exact, Flag, ListFilter
from tests.assessments.factories import NeedFactory
from tests.objectives.factories import GoalFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db

UNITS = [("injuries", "Injuries"), ("%", "Share")]
GOALS = ListFilter(
    prefix="goals",
    search=("statement", "metric"),
    exact=(
        Exact("unit", "Unit", choices=UNITS),
        Flag("no_need", "Without a need", apply=lambda qs: qs.filter(need=None)),
    ),
)


def test_it_reads_only_its_own_prefixed_parameters():
    values = GOALS.parse(QueryDict("goals-q=+crossing+&q=other&risks-unit=%25&goals-unit=%25"))
    # Every list also reads the extensions' filters (transfer's "cycle"), unset here.
    assert values == {"q": "crossing", "unit": "%", "no_need": "", "cycle": ""}


def test_a_value_outside_the_choices_is_ignored_instead_of_failing():
    assert GOALS.parse(QueryDict("goals-unit=1%3BDROP"))["unit"] == ""


def test_choices_drawn_from_the_plan_are_checked_against_that_plan():
    plan, other = PlanFactory(), PlanFactory()
    goal = GoalFactory(plan=plan)
    by_goal = ListFilter(
        prefix="x",
        exact=(
            Exact(
                "goal",
                "Goal",
                lookup="pk",
                choices=lambda p: Goal.objects.filter(plan=p).values_list("pk", "statement"),
            ),
        ),
    )
    assert by_goal.parse(QueryDict(f"x-goal={goal.pk}"), plan=plan)["goal"] == str(goal.pk)
    assert by_goal.parse(QueryDict(f"x-goal={goal.pk}"), plan=other)["goal"] == ""


def test_the_search_matches_any_declared_field_and_exact_values_narrow_it():
    plan = PlanFactory()
    a = GoalFactory(plan=plan, statement="Safer crossings", metric="Crossings", unit="%")
    b = GoalFactory(plan=plan, statement="Fewer injuries", metric="Crossing injuries")
    GoalFactory(plan=plan, statement="Cleaner air", metric="NO2")
    qs = Goal.objects.filter(plan=plan)
    found = GOALS.apply(qs, GOALS.parse(QueryDict("goals-q=CROSSING")))
    assert set(found) == {a, b}
    found = GOALS.apply(qs, GOALS.parse(QueryDict("goals-q=crossing&goals-unit=%25")))
    assert list(found) == [a]


def test_a_flag_applies_its_own_condition_only_when_ticked():
    plan = PlanFactory()
    GoalFactory(plan=plan, need=NeedFactory(plan=plan))
    without = GoalFactory(plan=plan, need=None)
    qs = Goal.objects.filter(plan=plan)
    assert GOALS.apply(qs, GOALS.parse(QueryDict(""))).count() == 2
    assert list(GOALS.apply(qs, GOALS.parse(QueryDict("goals-no_need=on")))) == [without]
    assert GOALS.is_active(GOALS.parse(QueryDict("goals-no_need=on")))
    assert not GOALS.is_active(GOALS.parse(QueryDict("other-q=x")))


def test_the_form_fields_and_links_use_the_prefixed_names():
    values = GOALS.parse(QueryDict("goals-q=air&goals-unit=%25"))
    fields = GOALS.fields(None, values)
    assert [f["param"] for f in fields] == ["goals-q", "goals-unit", "goals-no_need"]
    assert fields[1]["choices"] == UNITS and fields[1]["value"] == "%"
    assert GOALS.query(values) == {"goals-q": "air", "goals-unit": "%"}


def test_two_lists_on_a_page_filter_independently(client_for, people, plan):
    """The page's goals list reads goals-q only: another list's search leaves it whole."""
    from django.urls import reverse

    from plans.models import Role

    GoalFactory(plan=plan, statement="Safer crossings")
    GoalFactory(plan=plan, statement="Cleaner air")
    url = reverse("objectives:page", kwargs={"plan": plan.uuid})
    c = client_for(people[Role.VIEWER])
    page = c.get(url, {"risks-q": "air"}).content.decode()
    assert "Safer crossings" in page and "Cleaner air" in page
    page = c.get(url, {"goals-q": "air"}).content.decode()
    assert "Safer crossings" not in page and "Cleaner air" in page
    assert 'name="goals-q"' in page and 'value="air"' in page
