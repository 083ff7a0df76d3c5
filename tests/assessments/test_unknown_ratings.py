"""A stakeholder whose interest or influence the planner does not know yet: stored as unknown,
shown as "not yet rated", left off the grid with a count, and counted as missing."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from assessments.charts import power_interest_svg
from assessments.models import Need, Stakeholder
from assessments.section import completeness, stakeholders_completeness
from assessments.selectors import STAKEHOLDER, snapshot, stakeholders_snapshot
from plans.models import Role
from plans.sections.items import item_update
from plans.versions import version_publish
from tests.assessments.factories import RequirementFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(plan, name, pk=None):
    kwargs = {"plan": plan.uuid, **({"pk": pk} if pk is not None else {})}
    return reverse(f"stakeholders:{name}", kwargs=kwargs)


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_form_for_a_new_stakeholder_offers_the_ratings_empty(client_for, people, plan):
    form = client_for(people[Role.PLANNER]).get(url(plan, "stakeholders_add"), **HTMX)
    html = form.content.decode()
    for name in ("interest", "influence"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert 'value="' not in tag or 'value=""' in tag, tag


def test_a_stakeholder_added_without_ratings_is_stored_as_unknown(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "stakeholders_add"),
        {
            "name": "Canal Street shops",
            "stakeholder_type": "community",
            "interest": "",
            "influence": "",
        },
        **HTMX,
    )
    assert response["HX-Retarget"] == "#coll-stakeholders-stakeholders"
    stakeholder = Stakeholder.objects.get()
    assert (stakeholder.interest, stakeholder.influence) == (None, None)
    assert stakeholder.quadrant is None
    row = text_of(response.content.decode())
    assert "interest: not yet rated · influence: not yet rated" in row
    assert "Not yet placed" in row
    assert "Monitor" not in row and "/5" not in row


def test_one_known_rating_is_kept_and_the_other_stays_unknown(client_for, people, plan):
    client_for(people[Role.PLANNER]).post(
        url(plan, "stakeholders_add"),
        {"name": "Police", "stakeholder_type": "authority", "interest": "", "influence": "5"},
        **HTMX,
    )
    stakeholder = Stakeholder.objects.get()
    assert (stakeholder.interest, stakeholder.influence) == (None, 5)
    assert stakeholder.quadrant is None  # "keep satisfied" would guess the interest


def test_the_grid_leaves_unrated_stakeholders_off_and_says_how_many():
    svg = power_interest_svg(
        [
            {"name": "Deputy mayor", "interest": 4, "influence": 5},
            {"name": "Shops", "interest": None, "influence": None},
            {"name": "Police", "interest": None, "influence": 5},
            {"name": "Bus operator", "interest": 2, "influence": None},
        ]
    )
    assert svg.count('class="stakeholder"') == 1
    assert "Shops" not in svg and "Police" not in svg and "Bus operator" not in svg
    assert "3 stakeholders not yet placed on the grid" in svg
    assert "grid of 1 stakeholders" in svg
    with translation.override("fr"):
        french = power_interest_svg([{"name": "Shops", "interest": None, "influence": 3}])
    assert "1 partie prenante pas encore placée sur la grille" in french
    rated = power_interest_svg([{"name": "Deputy mayor", "interest": 4, "influence": 5}])
    assert "not yet placed" not in rated and 'class="not-shown"' not in rated


def test_the_page_counts_the_unplaced_stakeholders_and_filters_them(client_for, people, plan):
    StakeholderFactory(plan=plan, name="Deputy mayor", interest=5, influence=5)
    StakeholderFactory(plan=plan, name="Bus operator", interest=1, influence=1)
    StakeholderFactory(plan=plan, name="Canal Street shops", interest=None, influence=None)
    StakeholderFactory(plan=plan, name="Police", interest=None, influence=2)
    c = client_for(people[Role.VIEWER])
    page = c.get(url(plan, "page")).content.decode()
    assert page.count('class="stakeholder"') == 2
    assert "2 stakeholders not yet placed on the grid" in page
    assert "2 stakeholders are not on the grid until their interest and influence are rated." in (
        page
    )
    assert "?stakeholders-quadrant=not_placed#coll-stakeholders-stakeholders" in page

    def register(quadrant):
        return c.get(
            url(plan, "page"),
            {"stakeholders-quadrant": quadrant},
            HTTP_HX_TARGET="coll-stakeholders-stakeholders",
            **HTMX,
        ).content.decode()

    unplaced = register("not_placed")
    assert "Canal Street shops" in unplaced and "Police" in unplaced
    assert "Deputy mayor" not in unplaced and "Bus operator" not in unplaced
    monitor = register("monitor")  # an unknown rating is not a low one
    assert "Bus operator" in monitor and "Canal Street shops" not in monitor
    assert "Police" not in monitor


def test_completeness_counts_unrated_stakeholders_as_missing(plan):
    rated = StakeholderFactory(plan=plan, interest=4, influence=2)
    RequirementFactory(stakeholder=rated)
    assert stakeholders_completeness(plan).is_complete
    StakeholderFactory(plan=plan, interest=None, influence=3)
    StakeholderFactory(plan=plan, interest=None, influence=None)
    result = stakeholders_completeness(plan)
    assert not result.is_complete
    assert "2 stakeholders have no interest or influence rating yet." in result.missing


def test_completeness_of_an_empty_register_asks_for_the_ratings_too(plan):
    missing = stakeholders_completeness(plan).missing
    assert "Rate the interest and influence of every stakeholder." in missing


def test_the_snapshot_keeps_unknown_and_the_document_prints_it_in_the_plans_language(plan):
    StakeholderFactory(plan=plan, name="Deputy mayor", interest=4, influence=5)
    StakeholderFactory(plan=plan, name="Canal Street shops", interest=None, influence=None)
    data = stakeholders_snapshot(plan)
    shops = data["stakeholders"][1]
    assert (shops["interest"], shops["influence"], shops["quadrant"]) == (None, None, None)
    assert shops["quadrant_label"] == "Not yet placed"
    assert data["stakeholders"][0]["quadrant"] == "manage_closely"
    assert STAKEHOLDER.display("interest", None) == "not yet rated"
    assert STAKEHOLDER.display("quadrant", None) == "Not yet placed"
    assert STAKEHOLDER.display("interest", 4) == "4"

    html = render_to_string("assessments/stakeholders_document.html", {"data": data})
    text = text_of(html)
    assert "Canal Street shops City Beneficiary not yet rated not yet rated Not yet placed" in text
    assert "Deputy mayor City Beneficiary 4 5 Manage closely" in text
    assert "1 stakeholder not yet placed on the grid" in html
    assert html.count('class="stakeholder"') == 1
    with translation.override("fr"):  # a snapshot is taken in the plan's language
        french_data = stakeholders_snapshot(plan)
        french = render_to_string("assessments/stakeholders_document.html", {"data": french_data})
        french = text_of(french)
    assert "pas encore évalué pas encore évalué Pas encore placée" in french


def test_the_compare_page_says_not_yet_rated(client_for, people, plan):
    stakeholder = StakeholderFactory(plan=plan, name="Police", interest=4, influence=5)
    planner = people[Role.PLANNER]
    version_publish(plan=plan, user=planner)
    stakeholder.refresh_from_db()
    item_update(
        instance=stakeholder,
        data={"interest": None},
        expected_version=stakeholder.version,
        user=planner,
    )
    compare = reverse("history:compare", kwargs={"plan": plan.uuid})
    html = client_for(people[Role.VIEWER]).get(compare, {"a": 1, "b": "current"}).content.decode()
    text = text_of(html)
    assert "not yet rated" in text
    assert "Not yet placed" in text and "Manage closely" in text


def test_a_need_the_plan_does_not_rate_stays_unrated(client_for, people, plan):
    url = reverse("assessments:needs_add", kwargs={"plan": plan.uuid})
    data = {"statement": "Une entrée précoce des jeunes dans le tabagisme.", "severity": ""}
    assert client_for(people[Role.PLANNER]).post(url, data).status_code == 302
    need = Need.objects.get(plan=plan)
    assert (need.severity, need.priority) == (None, None)
    assert "1 need has no severity or priority yet." in completeness(plan).missing
    html = render_to_string("assessments/document.html", {"data": snapshot(plan)})
    assert html.count("not yet rated") == 2 and "None" not in html
