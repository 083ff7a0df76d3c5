"""A risk whose likelihood or impact is not known yet: stored as unknown, without a score, shown
as "not yet rated", ranked after the rated risks, left off the heat map with a count, and
counted as missing."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from plans.models import Role
from plans.sections.items import item_update
from plans.versions import version_publish
from risks.charts import heatmap_svg
from risks.models import Risk, level
from risks.section import completeness
from risks.selectors import RISK, heatmap_counts, risks_for_assumptions, snapshot
from strategy.models import Assumption
from tests.actions.factories import TaskFactory
from tests.resources.factories import TeamMemberFactory
from tests.risks.factories import ContingencyPlanFactory, RiskFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def page_url(plan):
    return reverse("risks:page", kwargs={"plan": plan.uuid})


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_form_for_a_new_risk_offers_the_ratings_empty(client_for, people, plan):
    add = reverse("risks:risks_add", kwargs={"plan": plan.uuid})
    html = client_for(people[Role.PLANNER]).get(add, **HTMX).content.decode()
    for name in ("likelihood", "impact"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert 'value="' not in tag or 'value=""' in tag, tag
        assert " required" not in tag, tag


def test_a_risk_added_without_ratings_is_stored_as_unknown(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(
        reverse("risks:risks_add", kwargs={"plan": plan.uuid}),
        {"title": "Council says no", "category": "external", "status": "open"},
        **HTMX,
    )
    assert response.status_code == 200
    risk = Risk.objects.get()
    assert (risk.likelihood, risk.impact, risk.score) == (None, None, None)
    assert risk.level == "unrated"
    row = text_of(response.content.decode())
    assert "Not yet rated (likelihood: not yet rated, impact: not yet rated)" in row
    assert "Score" not in row


def test_a_risk_with_only_its_likelihood_has_no_score(client_for, people, plan):
    client_for(people[Role.PLANNER]).post(
        reverse("risks:risks_add", kwargs={"plan": plan.uuid}),
        {"title": "Works delayed", "category": "operational", "status": "open", "likelihood": "4"},
        **HTMX,
    )
    risk = Risk.objects.get()
    assert (risk.likelihood, risk.impact, risk.score, risk.level) == (4, None, None, "unrated")


def test_rating_a_risk_later_gives_it_a_score_and_clearing_a_rating_removes_it(plan):
    risk = RiskFactory(plan=plan, likelihood=None, impact=None)
    assert risk.score is None
    risk = item_update(
        instance=risk, data={"likelihood": 4, "impact": 3}, expected_version=risk.version, user=None
    )
    risk.refresh_from_db()
    assert (risk.score, risk.level) == (12, "high")
    item_update(instance=risk, data={"impact": None}, expected_version=risk.version, user=None)
    risk.refresh_from_db()
    assert (risk.score, risk.level) == (None, "unrated")


def test_level_of_an_unknown_score_is_unrated_and_of_a_known_one_unchanged():
    assert level(None) == "unrated"
    assert [level(s) for s in (4, 5, 10, 15)] == ["low", "medium", "high", "critical"]


def test_the_register_ranks_rated_risks_by_score_and_unrated_ones_after(client_for, people, plan):
    RiskFactory(plan=plan, title="Unassessed", likelihood=None, impact=None)
    RiskFactory(plan=plan, title="Middling", likelihood=3, impact=3)
    RiskFactory(plan=plan, title="Half known", likelihood=5, impact=None)
    RiskFactory(plan=plan, title="Worst", likelihood=5, impact=5)
    content = client_for(people[Role.VIEWER]).get(page_url(plan)).content.decode()
    register = content[content.index('id="coll-risks-risks"') :]
    assert register.index("Worst") < register.index("Middling") < register.index("Unassessed")
    assert register.index("Middling") < register.index("Half known")
    assert [r["title"] for r in snapshot(plan)["risks"]][:2] == ["Worst", "Middling"]


def test_the_heat_map_leaves_unrated_risks_off_and_says_how_many(client_for, people, plan):
    RiskFactory(plan=plan, title="Rated", likelihood=3, impact=3)
    RiskFactory(plan=plan, title="Unassessed", likelihood=None, impact=None)
    RiskFactory(plan=plan, title="Half known", likelihood=3, impact=None)
    counts = heatmap_counts(plan)
    svg = heatmap_svg(counts)
    assert "Likelihood 3, impact 3: 1 risks" in svg  # not 3: no rating stands in for another
    assert "Risk heat map: 1 risks by likelihood and impact" in svg
    assert "2 risks not yet rated" in svg
    assert svg.count("<rect") == 25

    c = client_for(people[Role.VIEWER])
    page = c.get(page_url(plan)).content.decode()
    heatmap = page[page.index('aria-labelledby="heatmap-title"') :]
    assert "2 risks not yet rated" in heatmap[: heatmap.index("</svg>")]
    assert "List the 2 risks not yet rated" in page
    assert "?risks-unrated=1#register" in page
    listed = c.get(
        page_url(plan), {"risks-unrated": "1"}, HTTP_HX_TARGET="coll-risks-risks", **HTMX
    ).content.decode()
    assert ">Unassessed</div>" in listed and ">Half known</div>" in listed
    assert ">Rated</div>" not in listed


def test_a_heat_map_of_rated_risks_has_no_count_of_unrated_ones(client_for, people, plan):
    RiskFactory(plan=plan, likelihood=2, impact=4)
    page = client_for(people[Role.VIEWER]).get(page_url(plan)).content.decode()
    assert not re.search(r"\d+ risks? not yet rated", page) and 'class="not-shown"' not in page
    assert "Only risks not yet rated" in page  # the register's filter is always offered


def test_completeness_counts_unrated_risks_as_missing(plan):
    owner = TeamMemberFactory(plan=plan)
    rated = RiskFactory(plan=plan, likelihood=4, impact=4, owner=owner, review_date=plan.start_date)
    rated.mitigations.add(TaskFactory(plan=plan))
    ContingencyPlanFactory(plan=plan, risk=rated)
    assert completeness(plan).is_complete
    RiskFactory(plan=plan, likelihood=None, impact=5, owner=owner, review_date=plan.start_date)
    result = completeness(plan)
    assert not result.is_complete
    assert "1 risk is not yet rated: give its likelihood and impact." in result.missing
    assert result.total == result.done + 1


def test_the_snapshot_and_the_document_say_not_yet_rated_in_the_plans_language(plan):
    RiskFactory(plan=plan, title="Works delayed", likelihood=4, impact=3)
    RiskFactory(plan=plan, title="Council says no", likelihood=None, impact=None)
    RiskFactory(plan=plan, title="Floods", likelihood=2, impact=None)
    data = snapshot(plan)
    unrated = data["risks"][1]
    assert (unrated["likelihood"], unrated["impact"], unrated["score"]) == (None, None, None)
    assert unrated["level"] == "unrated"
    assert RISK.display("score", None) == "not yet rated"
    assert RISK.display("level", "unrated") == "Not yet rated"
    assert RISK.display("level", "high") == "High"

    html = render_to_string("risks/document.html", {"data": data})
    text = text_of(html)
    assert "4 × 3 = 12" in text
    assert "Council says no External or regulatory" not in text  # the factory's category
    assert re.search(r"Council says no Operational not yet rated —", text)
    assert "Floods Operational not yet rated (2 × ?)" in text
    assert "2 risks not yet rated" in html
    with translation.override("fr"):
        french = text_of(render_to_string("risks/document.html", {"data": snapshot(plan)}))
    assert "pas encore évalué" in french and "2 risques pas encore évalués" in french


def test_the_compare_page_says_not_yet_rated(client_for, people, plan):
    risk = RiskFactory(plan=plan, title="Works delayed", likelihood=4, impact=3)
    planner = people[Role.PLANNER]
    version_publish(plan=plan, user=planner)
    risk.refresh_from_db()
    item_update(instance=risk, data={"impact": None}, expected_version=risk.version, user=planner)
    compare = reverse("history:compare", kwargs={"plan": plan.uuid})
    html = client_for(people[Role.VIEWER]).get(compare, {"a": 1, "b": "current"}).content.decode()
    text = text_of(html)
    assert "not yet rated" in text and "Not yet rated" in text  # the impact, score and level
    assert "High" in text  # what it was


def test_the_risks_watching_an_assumption_list_unrated_ones_last(client_for, people, plan):
    assumption = Assumption.objects.create(plan=plan, statement="Police can run speed checks")
    RiskFactory(plan=plan, title="Unassessed", likelihood=None, impact=None).assumptions.add(
        assumption
    )
    RiskFactory(plan=plan, title="Staff cut", likelihood=2, impact=2).assumptions.add(assumption)
    watching = risks_for_assumptions([assumption])[assumption.pk]
    assert [r.title for r in watching] == ["Staff cut", "Unassessed"]
    html = (
        client_for(people[Role.VIEWER])
        .get(reverse("strategy:page", kwargs={"plan": plan.uuid}))
        .content.decode()
    )
    text = text_of(html)
    assert "Staff cut 4 ; Unassessed not yet rated" in text


def test_a_risk_owned_outside_the_team_with_mitigation_text_is_printed(client_for, people, plan):
    """Real plans name an agency as a risk's owner and say in words how the risk is reduced."""
    c = client_for(people[Role.PLANNER])
    url = reverse("risks:risks_add", kwargs={"plan": plan.uuid})
    data = {
        "title": "Screening uptake stays low",
        "description": "Participation has been below 50 % for five years.",
        "category": "operational",
        "status": "open",
        "owner_other": "Regional health agency",
        "mitigation": "Reminder letters and GP invitations.",
    }
    assert c.post(url, data).status_code == 302
    risk = Risk.objects.get(plan=plan)
    assert (risk.owner_other, risk.mitigation) == (data["owner_other"], data["mitigation"])
    assert "Give every risk an owner." not in completeness(plan).missing
    ContingencyPlanFactory(plan=plan, risk=risk, trigger="Uptake below 40 %", message="")
    html = render_to_string("risks/document.html", {"data": snapshot(plan)})
    for text in (data["description"], data["owner_other"], data["mitigation"], "Uptake below 40"):
        assert text in html
    assert "?" not in html.split("Contingency plans")[1]  # no "? → ?:" for what is not given
    page = c.get(reverse("risks:page", kwargs={"plan": plan.uuid})).content.decode()
    assert data["mitigation"] in page and data["owner_other"] in page
