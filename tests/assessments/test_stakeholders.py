import pytest
from django.urls import reverse

from assessments.charts import power_interest_svg
from assessments.models import Requirement, Stakeholder
from plans.models import Role
from tests.assessments.factories import RequirementFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(plan, name, pk=None):
    kwargs = {"plan": plan.uuid}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"stakeholders:{name}", kwargs=kwargs)


def stakeholder_data(**changes):
    data = {
        "name": "Parents' association",
        "organisation": "PTA",
        "stakeholder_type": "beneficiary",
        "interest": 5,
        "influence": 3,
        "expectations": "Safe crossings",
        "engagement_approach": "Termly meeting",
    }
    data.update(changes)
    return data


def test_a_planner_adds_a_stakeholder_inline(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "stakeholders_add"), stakeholder_data(), **HTMX
    )
    assert response["HX-Retarget"] == "#coll-stakeholders-stakeholders"
    assert "Keep informed" in response.content.decode()
    assert Stakeholder.objects.get().history.get().history_user == people[Role.PLANNER]


def test_influence_7_is_refused_next_to_the_field(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "stakeholders_add"), stakeholder_data(influence=7), **HTMX
    )
    content = response.content.decode()
    assert response["HX-Retarget"] == "#coll-stakeholders-stakeholders-form"
    assert "Influence must be a whole number from 1 to 5." in content
    assert 'id="error_1_id_influence"' in content or "is-invalid" in content
    assert not Stakeholder.objects.exists()


def test_an_interest_of_0_is_refused(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "stakeholders_add"), stakeholder_data(interest=0)
    )
    assert response.status_code == 400
    assert "Interest must be a whole number from 1 to 5." in response.content.decode()


def test_a_stale_edit_of_a_stakeholder_is_refused(client_for, people, plan):
    stakeholder = StakeholderFactory(plan=plan)
    edit = url(plan, "stakeholders_edit", stakeholder.pk)
    client_for(people[Role.OWNER]).post(edit, stakeholder_data(name="Owner", version=1))
    stale = client_for(people[Role.PLANNER]).post(edit, stakeholder_data(name="Planner", version=1))
    assert stale.status_code == 409
    stakeholder.refresh_from_db()
    assert stakeholder.name == "Owner"


def test_requirements_carry_a_priority_and_a_status(client_for, people, plan):
    stakeholder = StakeholderFactory(plan=plan, name="Head teachers")
    c = client_for(people[Role.PLANNER])
    response = c.post(
        url(plan, "requirements_add"),
        {
            "stakeholder": stakeholder.pk,
            "statement": "Lessons in school hours",
            "priority": "must",
            "status": "agreed",
        },
        **HTMX,
    )
    assert response["HX-Retarget"] == "#coll-stakeholders-requirements"
    requirement = Requirement.objects.get()
    assert (requirement.priority, requirement.status) == ("must", "agreed")
    bad = c.post(
        url(plan, "requirements_add"),
        {"stakeholder": stakeholder.pk, "statement": "x", "priority": "urgent", "status": "met"},
    )
    assert bad.status_code == 400
    assert Requirement.objects.count() == 1


def test_the_grid_has_four_quadrants_and_every_stakeholder():
    svg = power_interest_svg(
        [
            {"name": "Deputy mayor", "interest": 4, "influence": 5},
            {"name": "Police <unit>", "interest": 2, "influence": 4},
            {"name": "Parents", "interest": 5, "influence": 2},
            {"name": "Bus operator", "interest": 1, "influence": 1},
        ]
    )
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title" in svg
    for label in ("Manage closely", "Keep satisfied", "Keep informed", "Monitor"):
        assert label in svg
    assert svg.count('class="stakeholder"') == 4
    assert "Police &lt;unit&gt;" in svg and "<unit>" not in svg


def test_a_crowded_cell_of_the_grid_says_how_many_more_there_are():
    people = [{"name": f"Centre {n}", "interest": 3, "influence": 3} for n in range(9)]
    svg = power_interest_svg(people)
    assert svg.count('class="stakeholder"') == 4
    assert "+ 5 more" in svg


def test_the_stakeholders_page_draws_the_grid_and_filters_the_register(client_for, people, plan):
    StakeholderFactory(plan=plan, name="Deputy mayor", interest=5, influence=5)
    StakeholderFactory(plan=plan, name="Bus operator", interest=1, influence=1)
    RequirementFactory(stakeholder=StakeholderFactory(plan=plan, name="Parents"))
    c = client_for(people[Role.VIEWER])
    page = c.get(url(plan, "page")).content.decode()
    assert "power-interest-grid" in page and page.count('class="stakeholder"') == 3
    filtered = c.get(
        url(plan, "page"),
        {"stakeholders-quadrant": "manage_closely"},
        HTTP_HX_TARGET="coll-stakeholders-stakeholders",
        **HTMX,
    ).content.decode()
    assert "Deputy mayor" in filtered and "Bus operator" not in filtered
    searched = c.get(
        url(plan, "page"),
        {"stakeholders-q": "bus"},
        HTTP_HX_TARGET="coll-stakeholders-stakeholders",
        **HTMX,
    ).content.decode()
    assert "Bus operator" in searched and "Deputy mayor" not in searched


def test_the_register_is_filtered_by_type_and_requirements_searched_and_filtered(
    client_for, people, plan
):
    StakeholderFactory(plan=plan, name="Regional road authority", stakeholder_type="authority")
    parents = StakeholderFactory(plan=plan, name="Parents", stakeholder_type="beneficiary")
    shops = StakeholderFactory(plan=plan, name="Canal Street shops", stakeholder_type="community")
    RequirementFactory(stakeholder=parents, statement="Lit crossings in winter", status="agreed")
    RequirementFactory(stakeholder=parents, statement="Weekly newsletter", status="proposed")
    RequirementFactory(stakeholder=shops, statement="Delivery windows kept", status="proposed")
    c = client_for(people[Role.VIEWER])
    page = url(plan, "page")

    def collection(name, params):
        return c.get(
            page, params, HTTP_HX_TARGET=f"coll-stakeholders-{name}", **HTMX
        ).content.decode()

    authorities = collection("stakeholders", {"stakeholders-type": "authority"})
    assert "Regional road authority" in authorities
    assert "Parents" not in authorities and "Canal Street shops" not in authorities

    searched = collection("requirements", {"requirements-q": "crossings"})
    assert "Lit crossings in winter" in searched
    assert "Weekly newsletter" not in searched and "Delivery windows kept" not in searched
    by_stakeholder = collection(
        "requirements", {"requirements-q": "canal street"}
    )  # its stakeholder
    assert "Delivery windows kept" in by_stakeholder and "Lit crossings" not in by_stakeholder
    proposed = collection("requirements", {"requirements-status": "proposed"})
    assert "Weekly newsletter" in proposed and "Delivery windows kept" in proposed
    assert "Lit crossings in winter" not in proposed
    both = collection(
        "requirements", {"requirements-status": "proposed", "requirements-q": "newsletter"}
    )
    assert "Weekly newsletter" in both and "Delivery windows kept" not in both
