import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from plans.models import Role
from strategy.charts import logic_model_svg
from strategy.models import Assumption, Barrier, LogicElement, Method
from strategy.section import completeness
from strategy.selectors import snapshot
from tests.assessments.factories import NeedFactory
from tests.objectives.factories import GoalFactory
from tests.plans.factories import PlanFactory
from tests.strategy.factories import (
    AssumptionFactory,
    BarrierFactory,
    LogicElementFactory,
    MethodFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(plan, name, pk=None):
    kwargs = {"plan": plan.uuid}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"strategy:{name}", kwargs=kwargs)


def method_data(**changes):
    data = {
        "name": "Walking buses",
        "method_type": "community",
        "target_group": "Pupils",
        "description": "Volunteers walk pupils to school",
        "evidence_base": "Works at Elm school",
        "scalability": "Toolkit",
        "sustainability": "Parents' association",
    }
    data.update(changes)
    return data


def test_a_planner_adds_edits_and_deletes_a_method_serving_goals(client_for, people, plan):
    goal = GoalFactory(plan=plan, statement="More pupils walk")
    c = client_for(people[Role.PLANNER])
    added = c.post(url(plan, "methods_add"), method_data(goals=[goal.pk]), **HTMX)
    assert added["HX-Retarget"] == "#coll-strategy-methods"
    method = Method.objects.get()
    assert list(method.goals.all()) == [goal]
    assert "More pupils walk" in added.content.decode()
    c.post(url(plan, "methods_edit", method.pk), method_data(name="Walking buses+", version=1))
    method.refresh_from_db()
    assert (method.name, method.version) == ("Walking buses+", 2)
    assert list(method.goals.all()) == []  # unticked
    c.post(url(plan, "methods_delete", method.pk), {"version": 2}, **HTMX)
    assert not Method.objects.exists()


def test_an_unknown_method_type_is_refused(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "methods_add"), method_data(method_type="magic")
    )
    assert response.status_code == 400
    assert not Method.objects.exists()


def test_a_goal_of_another_plan_cannot_be_served(client_for, people, plan):
    foreign = GoalFactory(plan=PlanFactory())
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "methods_add"), method_data(goals=[foreign.pk])
    )
    assert response.status_code == 400
    assert not Method.objects.exists()


def test_the_check_lists_goals_without_method_and_methods_without_goal(client_for, people, plan):
    served = GoalFactory(plan=plan, statement="Served goal")
    GoalFactory(plan=plan, statement="Forgotten goal")
    MethodFactory(plan=plan, name="Useful method").goals.add(served)
    MethodFactory(plan=plan, name="Pet project")
    content = client_for(people[Role.VIEWER]).get(url(plan, "page")).content.decode()
    check = content[content.index('id="method-coverage"') : content.index("methods-q")]
    assert "Forgotten goal" in check and "Served goal" not in check
    assert "Pet project" in check and "Useful method" not in check
    orphans = client_for(people[Role.VIEWER]).get(
        url(plan, "page"), {"methods-orphan": "1"}, HTTP_HX_TARGET="coll-strategy-methods", **HTMX
    )
    assert "Pet project" in orphans.content.decode()
    assert "Useful method" not in orphans.content.decode()


def test_a_logic_element_links_goals_and_needs_and_appears_in_the_chain(client_for, people, plan):
    goal = GoalFactory(plan=plan)
    need = NeedFactory(plan=plan, statement="Unsafe crossings")
    c = client_for(people[Role.PLANNER])
    response = c.post(
        url(plan, "elements_add"),
        {
            "stage": 3,
            "statement": "Twelve crossings supervised",
            "goals": [goal.pk],
            "needs": [need.pk],
        },
        **HTMX,
    )
    assert response["HX-Retarget"] == "#coll-strategy-elements"
    element = LogicElement.objects.get()
    assert list(element.needs.all()) == [need]
    page = c.get(url(plan, "page")).content.decode()
    assert 'class="chart logic-model"' in page
    assert page.count('class="element"') == 1


def test_a_stage_outside_the_chain_is_refused(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "elements_add"), {"stage": 9, "statement": "x"}
    )
    assert response.status_code == 400
    assert not LogicElement.objects.exists()


def test_barriers_and_assumptions_are_edited_inline(client_for, people, plan):
    c = client_for(people[Role.PLANNER])
    c.post(
        url(plan, "barriers_add"), {"statement": "Slow traffic orders", "kind": "political"}, **HTMX
    )
    c.post(
        url(plan, "assumptions_add"),
        {"statement": "Parents let children walk", "status": "holds", "rationale": "Survey"},
        **HTMX,
    )
    assert Barrier.objects.get().kind == "political"
    assumption = Assumption.objects.get()
    stale = c.post(
        url(plan, "assumptions_edit", assumption.pk),
        {"statement": "Changed", "status": "doubtful", "version": 0},
    )
    assert stale.status_code == 409


def test_the_chain_has_five_stages_in_order_with_arrows():
    svg = logic_model_svg(
        [{"stage": 1, "statement": "Budget"}, {"stage": 5, "statement": "Safe <routes>"}]
    )
    assert 'role="img"' in svg and "<title" in svg
    labels = ["Inputs", "Activities", "Outputs", "Outcomes", "Impact"]
    positions = [svg.index(f">{label}<") for label in labels]
    assert positions == sorted(positions)
    assert svg.count('class="arrow"') == 4
    assert svg.count('class="element"') == 2
    assert "Safe &lt;routes&gt;" in svg


def test_a_long_stage_is_cut_with_a_count_of_the_rest():
    svg = logic_model_svg([{"stage": 2, "statement": f"Activity {n}"} for n in range(12)])
    assert svg.count('class="element"') == 6
    assert "+ 6 more" in svg


def test_completeness_and_the_document_from_the_snapshot(plan):
    goal = GoalFactory(plan=plan, statement="Halve injuries")
    assert not completeness(plan).is_complete
    for stage in range(1, 6):
        LogicElementFactory(plan=plan, stage=stage, statement=f"Stage {stage} element").goals.add(
            goal
        )
    MethodFactory(plan=plan, name="Raised crossings").goals.add(goal)
    MethodFactory(plan=plan, name="Unlinked app")
    AssumptionFactory(plan=plan, statement="Police can run checks")
    BarrierFactory(plan=plan, statement="Shopkeepers object")
    assert "1 method serves no goal." in completeness(plan).missing
    html = render_to_string("strategy/document.html", {"data": snapshot(plan)})
    assert "<svg" in html and "Stage 5 element" in html
    assert "Raised crossings" in html and "Halve injuries" in html
    assert "Unlinked app" in html and "Police can run checks" in html
    assert "Shopkeepers object" in html


def test_the_methods_can_be_searched_and_the_logic_model_filtered_by_stage(
    client_for, people, plan
):
    MethodFactory(plan=plan, name="Walking buses", description="Parents walk pupils")
    served = MethodFactory(plan=plan, name="Speed cameras", method_type="technology")
    served.goals.add(GoalFactory(plan=plan))
    LogicElementFactory(plan=plan, stage=1, statement="City road-safety budget")
    LogicElementFactory(plan=plan, stage=4, statement="Fewer cars at the gates")
    c = client_for(people[Role.VIEWER])
    page = url(plan, "page")

    def methods(params):
        return c.get(page, params, HTTP_HX_TARGET="coll-strategy-methods", **HTMX).content.decode()

    searched = methods({"methods-q": "PUPILS"})  # matches the description, case-insensitively
    assert "Walking buses" in searched and "Speed cameras" not in searched
    by_type = methods({"methods-type": "technology"})
    assert "Speed cameras" in by_type and "Walking buses" not in by_type
    orphans = methods({"methods-orphan": "1"})
    assert "Walking buses" in orphans and "Speed cameras" not in orphans

    def elements(params):
        return c.get(page, params, HTTP_HX_TARGET="coll-strategy-elements", **HTMX).content.decode()

    outcomes = elements({"elements-stage": "4"})
    assert "Fewer cars at the gates" in outcomes and "City road-safety budget" not in outcomes
    everything = elements({"elements-stage": ""})
    assert "Fewer cars at the gates" in everything and "City road-safety budget" in everything
    # The full page keeps the chosen stage selected in the filter form.
    full = c.get(page, {"elements-stage": "4"}).content.decode()
    assert '<option value="4" selected>' in full
