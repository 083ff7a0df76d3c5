import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from objectives.models import Goal
from objectives.section import completeness
from objectives.selectors import snapshot
from plans.models import Role
from tests.objectives.factories import GoalFactory, ScopeFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def goal_data(**changes):
    data = {
        "statement": "Halve injuries",
        "specific_outcome": "Fewer injured pupils",
        "metric": "Injuries per year",
        "baseline": "14",
        "target": "7",
        "unit": "injuries",
        "achievable_rationale": "Done elsewhere",
        "relevance": "Main need",
        "target_date": "2027-06-30",
    }
    data.update(changes)
    return data


def add_url(plan):
    return reverse("objectives:goals_add", kwargs={"plan": plan.uuid})


def test_a_planner_adds_a_goal_inline(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(add_url(plan), goal_data(), **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#coll-objectives-goals"
    assert "Halve injuries" in response.content.decode()
    goal = Goal.objects.get(plan=plan)
    assert goal.smart_missing() == []
    assert goal.history.get().history_user == people[Role.PLANNER]


def test_baseline_equal_to_target_is_refused_next_to_the_field(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(add_url(plan), goal_data(target="14"), **HTMX)
    # Refused: 400, which htmx swaps in (responseHandling in base.html), errors beside the field.
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#coll-objectives-goals-form"
    assert "The target must differ from the baseline." in response.content.decode()
    assert not Goal.objects.exists()


def test_a_long_term_goal_may_aim_beyond_the_plans_dates(client_for, people, plan):
    """Real programmes set goals past their own end ("a tobacco-free generation by 2032")."""
    response = client_for(people[Role.PLANNER]).post(
        add_url(plan), goal_data(target_date="2032-12-31")
    )
    assert response.status_code == 302
    assert Goal.objects.get().target_date.year == 2032


def test_a_need_of_another_plan_cannot_be_chosen(client_for, people, plan):
    from assessments.models import Need
    from tests.plans.factories import PlanFactory

    foreign = Need.objects.create(plan=PlanFactory(), statement="Elsewhere")
    response = client_for(people[Role.PLANNER]).post(add_url(plan), goal_data(need=foreign.pk))
    assert response.status_code == 400
    assert not Goal.objects.exists()


def test_a_stale_edit_shows_both_values(client_for, people, plan):
    goal = GoalFactory(plan=plan, statement="Original")
    url = reverse("objectives:goals_edit", kwargs={"plan": plan.uuid, "pk": goal.pk})
    ok = client_for(people[Role.OWNER]).post(url, goal_data(statement="Owner", version=1), **HTMX)
    assert ok.status_code == 200
    stale = client_for(people[Role.PLANNER]).post(
        url, goal_data(statement="Planner", version=1), **HTMX
    )
    content = stale.content.decode()
    assert "Someone else saved this item" in content
    assert "Owner" in content and "Planner" in content
    goal.refresh_from_db()
    assert goal.statement == "Owner"
    assert goal.history.count() == 2


def test_delete_and_reorder(client_for, people, plan):
    first, second = GoalFactory(plan=plan, position=0), GoalFactory(plan=plan, position=1)
    c = client_for(people[Role.PLANNER])
    c.post(
        reverse("objectives:goals_move", kwargs={"plan": plan.uuid, "pk": second.pk}),
        {"direction": "up"},
        **HTMX,
    )
    assert list(Goal.objects.filter(plan=plan).order_by("position")) == [second, first]
    c.post(
        reverse("objectives:goals_delete", kwargs={"plan": plan.uuid, "pk": first.pk}),
        {"version": Goal.objects.get(pk=first.pk).version},
        **HTMX,
    )
    assert list(Goal.objects.filter(plan=plan)) == [second]
    assert Goal.history.filter(id=first.pk, history_type="-").exists()


def test_a_stale_delete_is_refused(client_for, people, plan):
    goal = GoalFactory(plan=plan)
    c = client_for(people[Role.PLANNER])
    c.post(
        reverse("objectives:goals_delete", kwargs={"plan": plan.uuid, "pk": goal.pk}),
        {"version": 0},
        **HTMX,
    )
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_the_page_shows_missing_smart_criteria_and_filters(client_for, people, plan):
    GoalFactory(plan=plan, statement="Complete goal")
    GoalFactory(plan=plan, statement="Vague goal", achievable_rationale="", target_date=None)
    c = client_for(people[Role.VIEWER])
    url = reverse("objectives:page", kwargs={"plan": plan.uuid})
    content = c.get(url).content.decode()
    assert "Achievable" in content and "Time-bound" in content
    filtered = c.get(url, {"goals-incomplete": "1"}).content.decode()
    assert "Vague goal" in filtered and "Complete goal" not in filtered
    searched = c.get(url, {"goals-q": "complete"}).content.decode()
    assert "Complete goal" in searched and "Vague goal" not in searched


def test_completeness_needs_a_smart_goal_and_a_scope(plan):
    assert not completeness(plan).is_complete
    GoalFactory(plan=plan, target_date=None)
    assert "At least one goal must meet all five SMART criteria." in completeness(plan).missing
    GoalFactory(plan=plan)
    ScopeFactory(plan=plan)
    assert completeness(plan).is_complete


def test_the_document_template_renders_the_snapshot(plan):
    GoalFactory(plan=plan, statement="Halve injuries", metric="Injuries per year")
    ScopeFactory(plan=plan, in_scope="Primary schools\nSchool runs")
    html = render_to_string("objectives/document.html", {"data": snapshot(plan)})
    assert "Halve injuries" in html
    assert "Primary schools; School runs" in html


def test_the_scope_is_created_then_updated_with_a_version_check(client_for, people, plan):
    url = reverse("objectives:scope_edit", kwargs={"plan": plan.uuid})
    c = client_for(people[Role.PLANNER])
    data = {"in_scope": "Primary schools", "out_of_scope": "Buses", "target_population": "Pupils"}
    assert c.post(url, {**data, "version": ""}).status_code == 302
    stale = c.post(url, {**data, "in_scope": "Everything", "version": 5})
    assert stale.status_code == 409
    ok = c.post(url, {**data, "in_scope": "Everything", "version": 1})
    assert ok.status_code == 302
