import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from plans.models import Role
from risks.charts import heatmap_svg
from risks.models import ContingencyPlan, Risk
from risks.section import completeness
from risks.selectors import heatmap_counts, risks_for_assumptions, snapshot
from strategy.models import Assumption
from tests.actions.factories import TaskFactory
from tests.resources.factories import TeamMemberFactory
from tests.risks.factories import ContingencyPlanFactory, RiskFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def add_url(plan):
    return reverse("risks:risks_add", kwargs={"plan": plan.uuid})


def risk_data(**changes):
    data = {
        "title": "Council says no",
        "category": "external",
        "likelihood": "3",
        "impact": "5",
        "status": "open",
    }
    data.update(changes)
    return data


def test_a_planner_adds_a_risk_and_its_score_is_computed(client_for, people, plan):
    task = TaskFactory(plan=plan, title="Brief councillors")
    response = client_for(people[Role.PLANNER]).post(
        add_url(plan), risk_data(mitigations=[task.pk]), **HTMX
    )
    assert response.status_code == 200
    risk = Risk.objects.get(plan=plan)
    assert risk.score == 15 and risk.level == "critical"
    assert list(risk.mitigations.all()) == [task]
    assert risk.history.get().history_user == people[Role.PLANNER]


@pytest.mark.parametrize("field", ["likelihood", "impact"])
def test_a_rating_of_zero_is_refused_with_a_clear_message(client_for, people, plan, field):
    response = client_for(people[Role.PLANNER]).post(add_url(plan), risk_data(**{field: "0"}))
    assert response.status_code == 400
    expected = {
        "likelihood": "Rate the likelihood from 1 (rare) to 5 (almost certain).",
        "impact": "Rate the impact from 1 (negligible) to 5 (severe).",
    }[field]
    assert expected in response.content.decode()
    assert not Risk.objects.exists()


def test_a_rating_of_six_is_refused(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(add_url(plan), risk_data(impact="6"))
    assert response.status_code == 400
    assert not Risk.objects.exists()


def test_a_residual_risk_worse_than_before_mitigation_is_refused(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(
        add_url(plan),
        risk_data(likelihood="2", impact="2", residual_likelihood="3", residual_impact="3"),
    )
    assert response.status_code == 400
    assert "Mitigation cannot make a risk worse" in response.content.decode()


def test_half_a_residual_rating_is_refused(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(
        add_url(plan), risk_data(residual_likelihood="2")
    )
    assert response.status_code == 400
    assert "Give both the residual likelihood and the residual impact." in (
        response.content.decode()
    )


def test_a_task_of_another_plan_cannot_mitigate(client_for, people, plan):
    foreign = TaskFactory()
    response = client_for(people[Role.PLANNER]).post(
        add_url(plan), risk_data(mitigations=[foreign.pk])
    )
    assert response.status_code == 400
    assert not Risk.objects.exists()


def test_the_register_is_sorted_by_score(client_for, people, plan):
    RiskFactory(plan=plan, title="Middling", likelihood=3, impact=3)
    RiskFactory(plan=plan, title="Worst", likelihood=5, impact=5)
    RiskFactory(plan=plan, title="Mild", likelihood=1, impact=2)
    content = (
        client_for(people[Role.VIEWER])
        .get(reverse("risks:page", kwargs={"plan": plan.uuid}))
        .content.decode()
    )
    assert content.index("Worst") < content.index("Middling") < content.index("Mild")


def test_the_heat_map_counts_risks_per_cell_and_links_to_a_filtered_register(
    client_for, people, plan
):
    RiskFactory(plan=plan, title="A", likelihood=4, impact=2)
    RiskFactory(plan=plan, title="B", likelihood=4, impact=2)
    RiskFactory(plan=plan, title="C", likelihood=1, impact=5)
    assert heatmap_counts(plan) == {(4, 2): 2, (1, 5): 1}
    url = reverse("risks:page", kwargs={"plan": plan.uuid})
    c = client_for(people[Role.VIEWER])
    page = c.get(url).content.decode()
    assert "Likelihood 4, impact 2: 2 risks" in page
    assert "?risks-likelihood=4&amp;risks-impact=2#register" in page
    assert 'hx-target="#coll-risks-risks"' in page
    filtered = c.get(url, {"risks-likelihood": 4, "risks-impact": 2}).content.decode()
    register = filtered[filtered.index('id="coll-risks-risks"') :]
    assert "“C”" not in register and ">C<" not in register
    assert "Showing risks of likelihood 4 and impact 2." in filtered
    partial = c.get(
        url, {"risks-likelihood": 1, "risks-impact": 5}, HTTP_HX_TARGET="coll-risks-risks", **HTMX
    ).content.decode()
    assert ">C</div>" in partial and ">A</div>" not in partial


def test_the_heat_map_svg_is_accessible_and_plain_without_links():
    svg = heatmap_svg({(5, 5): 3})
    assert 'role="img"' in svg and "<title" in svg
    assert "<a " not in svg
    assert ">3</text>" in svg


def test_a_contingency_plan_for_a_risk_of_another_plan_is_refused(client_for, people, plan):
    foreign = RiskFactory()
    url = reverse("risks:contingency_add", kwargs={"plan": plan.uuid})
    response = client_for(people[Role.PLANNER]).post(
        url, {"risk": foreign.pk, "trigger": "x", "alternative_actions": "y"}
    )
    assert response.status_code == 400
    assert not ContingencyPlan.objects.exists()


def test_traceability_to_assumptions_and_kpis(plan):
    from monitoring.models import KPI

    covered = Assumption.objects.create(plan=plan, statement="Parents will volunteer")
    uncovered = Assumption.objects.create(plan=plan, statement="The council votes yes")
    kpi = KPI.objects.create(plan=plan, name="Volunteers per crossing")
    risk = RiskFactory(plan=plan, title="Too few volunteers")
    risk.assumptions.add(covered)
    risk.kpis.add(kpi)
    assert list(covered.risks.all()) == [risk]
    assert list(kpi.risks.all()) == [risk]
    watching = risks_for_assumptions([covered, uncovered])
    assert watching == {covered.pk: [risk], uncovered.pk: []}


def test_completeness_needs_owners_mitigation_contingency_and_reviews(plan):
    assert not completeness(plan).is_complete
    risk = RiskFactory(plan=plan, likelihood=4, impact=4)
    missing = completeness(plan).missing
    assert "Give every risk an owner." in missing
    assert "Link a mitigation task to every risk scoring 10 or more." in missing
    risk.owner = TeamMemberFactory(plan=plan)
    risk.review_date = plan.start_date
    risk.save()
    risk.mitigations.add(TaskFactory(plan=plan))
    ContingencyPlanFactory(plan=plan, risk=risk)
    assert completeness(plan).is_complete


def test_the_document_renders_register_contingency_and_heat_map(plan):
    risk = RiskFactory(plan=plan, title="Works delayed", likelihood=4, impact=3)
    ContingencyPlanFactory(plan=plan, risk=risk, alternative_actions="Temporary cushions")
    html = render_to_string("risks/document.html", {"data": snapshot(plan)})
    assert "Works delayed" in html and "Temporary cushions" in html
    assert "4 × 3 = 12" in " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert 'class="chart heatmap"' in html


def test_a_valid_residual_rating_is_saved_shown_mapped_and_printed(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(
        add_url(plan),
        risk_data(likelihood="4", impact="5", residual_likelihood="2", residual_impact="3"),
        **HTMX,
    )
    assert response.status_code == 200
    risk = Risk.objects.get(plan=plan)
    assert (risk.residual_likelihood, risk.residual_impact, risk.residual_score) == (2, 3, 6)
    RiskFactory(plan=plan, title="Unrated", likelihood=2, impact=2)  # no residual rating

    page = (
        client_for(people[Role.VIEWER])
        .get(reverse("risks:page", kwargs={"plan": plan.uuid}))
        .content.decode()
    )
    register = page[page.index('id="coll-risks-risks"') :]
    assert register.count("residual 6") == 1
    assert "residual 4" not in register  # the unrated risk gets no residual badge
    # The residual heat map counts the rated risk in its residual cell only.
    start = page.index('aria-labelledby="residual-heatmap-title"')
    residual_map = page[start : page.index("</svg>", start)]
    assert "Likelihood 2, impact 3: 1 risks" in residual_map
    assert "Likelihood 4, impact 5: 0 risks" in residual_map
    assert "Likelihood 2, impact 2: 0 risks" in residual_map
    assert "1 risks by likelihood and impact" in residual_map

    html = render_to_string("risks/document.html", {"data": snapshot(plan)})
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Residual" in text
    assert "4 × 5 = 20 2 × 3 = 6" in text  # the residual column follows L × I
    assert "2 × 2 = 4 —" in text  # no residual rating: a dash


def test_the_risk_register_is_searched_and_filtered_by_category_and_status(
    client_for, people, plan
):
    RiskFactory(plan=plan, title="Council says no", category="external", trigger="Press campaign")
    RiskFactory(plan=plan, title="Works delayed", category="operational", status="mitigating")
    RiskFactory(plan=plan, title="Budget cut", category="financial", status="closed")
    url = reverse("risks:page", kwargs={"plan": plan.uuid})
    c = client_for(people[Role.VIEWER])

    def register(params):
        return c.get(url, params, HTTP_HX_TARGET="coll-risks-risks", **HTMX).content.decode()

    searched = register({"risks-q": "press"})  # the early-warning signs
    assert "Council says no" in searched
    assert "Works delayed" not in searched and "Budget cut" not in searched
    operational = register({"risks-category": "operational"})
    assert "Works delayed" in operational and "Council says no" not in operational
    closed = register({"risks-status": "closed"})
    assert "Budget cut" in closed and "Works delayed" not in closed
    assert "No risks match." in register({"risks-status": "closed", "risks-category": "external"})
    # An unknown value is ignored instead of emptying the register.
    assert "Works delayed" in register({"risks-category": "bogus"})
    full = c.get(
        url, {"risks-q": "press", "risks-category": "external", "risks-status": "open"}
    ).content.decode()
    assert 'value="press"' in full
    assert '<option value="external" selected>' in full
    assert '<option value="open" selected>' in full


def test_the_contingency_plans_are_searched_and_filtered_by_risk(client_for, people, plan):
    council = RiskFactory(plan=plan, title="Council says no", likelihood=4, impact=5)
    works = RiskFactory(plan=plan, title="Works delayed", likelihood=3, impact=3)
    RiskFactory(plan=plan, title="Nothing planned for this one")
    ContingencyPlanFactory(plan=plan, risk=council, alternative_actions="Trial zone at two schools")
    ContingencyPlanFactory(plan=plan, risk=council, alternative_actions="Crossings need no vote")
    ContingencyPlanFactory(
        plan=plan, risk=works, alternative_actions="Temporary cushions", audience="Residents"
    )
    stranger = ContingencyPlanFactory(alternative_actions="Another plan's secret")
    url = reverse("risks:page", kwargs={"plan": plan.uuid})
    c = client_for(people[Role.VIEWER])

    def plans(params):
        return c.get(url, params, HTTP_HX_TARGET="coll-risks-contingency", **HTMX).content.decode()

    for_council = plans({"contingency-risk": str(council.pk)})
    assert "Trial zone at two schools" in for_council and "Crossings need no vote" in for_council
    assert "Temporary cushions" not in for_council
    assert "Another plan's secret" not in plans({"contingency-risk": str(stranger.risk_id)})
    searched = plans({"contingency-q": "residents"})  # the audience
    assert "Temporary cushions" in searched and "Trial zone" not in searched
    by_risk_title = plans({"contingency-q": "council"})
    assert (
        "Trial zone at two schools" in by_risk_title and "Temporary cushions" not in by_risk_title
    )
    both = plans({"contingency-risk": str(council.pk), "contingency-q": "vote"})
    assert "Crossings need no vote" in both and "Trial zone" not in both
    assert "No contingency plans match." in plans(
        {"contingency-risk": str(works.pk), "contingency-q": "vote"}
    )
    assert "Temporary cushions" in plans({"contingency-risk": "bogus"})

    # The full page: the filter form lists only risks with a plan, keeps the choices, and the
    # contingency filters leave the register alone (and the register's search leaves them).
    page = c.get(url, {"contingency-risk": council.pk, "contingency-q": "trial"}).content.decode()
    form = page[
        page.index('name="contingency-risk"') : page.index(
            "</select>", page.index('name="contingency-risk"')
        )
    ]
    assert f'<option value="{council.pk}" selected>Council says no</option>' in form
    assert f'<option value="{works.pk}">Works delayed</option>' in form
    assert "Nothing planned" not in form
    assert 'value="trial"' in page
    register = page[page.index('id="coll-risks-risks"') : page.index('id="contingency-heading"')]
    assert "Works delayed" in register
    contingency = page[page.index('id="coll-risks-contingency"') :]
    assert "Trial zone at two schools" in contingency and "Temporary cushions" not in contingency
    page = c.get(url, {"risks-q": "council"}).content.decode()
    assert "Temporary cushions" in page[page.index('id="coll-risks-contingency"') :]
