import pytest
from django.core.files.base import ContentFile
from django.template.loader import render_to_string

from assessments.models import Evidence
from assessments.section import completeness, stakeholders_completeness
from assessments.selectors import snapshot, stakeholders_snapshot
from plans.sections.items import item_create
from tests.assessments.factories import (
    CauseFactory,
    EvidenceFactory,
    NeedFactory,
    RequirementFactory,
    StakeholderFactory,
    SwotItemFactory,
)

pytestmark = pytest.mark.django_db


def test_completeness_asks_for_evidence_swot_and_causes(plan):
    assert "Describe at least one need." in completeness(plan).missing
    need = NeedFactory(plan=plan)
    assert "1 need has no evidence yet." in completeness(plan).missing
    EvidenceFactory(need=need, plan=plan)
    EvidenceFactory(need=need, plan=plan)
    for quadrant in ("strength", "weakness", "opportunity", "threat"):
        SwotItemFactory(plan=plan, quadrant=quadrant)
    assert not completeness(plan).is_complete
    CauseFactory(need=need, plan=plan)
    assert completeness(plan).is_complete


def test_stakeholder_completeness_wants_an_approach_for_everyone(plan):
    StakeholderFactory(plan=plan, engagement_approach="")
    assert (
        "1 stakeholder has no engagement approach yet." in stakeholders_completeness(plan).missing
    )
    RequirementFactory(stakeholder=StakeholderFactory(plan=plan))
    assert not stakeholders_completeness(plan).is_complete


def test_the_document_renders_needs_evidence_swot_and_the_tree_from_the_snapshot(
    plan, settings, tmp_path, people
):
    settings.MEDIA_ROOT = tmp_path
    need = NeedFactory(plan=plan, statement="Children hurt on Canal Street")
    item_create(
        plan=plan,
        model=Evidence,
        data={
            "need": need,
            "source_type": "statistics",
            "description": "Police records",
            "file": ContentFile(b"year,n\n2025,14\n", name="counts.csv"),
        },
        user=people["owner"],
    )
    root = CauseFactory(need=need, plan=plan, statement="Speeding")
    CauseFactory(need=need, plan=plan, parent=root, statement="Shortcut traffic")
    SwotItemFactory(plan=plan, quadrant="threat", text="Ring-road works")
    data = snapshot(plan)
    assert data["needs"][0]["causes"][0]["causes"][0]["statement"] == "Shortcut traffic"
    html = render_to_string("assessments/document.html", {"data": data})
    assert "Children hurt on Canal Street" in html
    assert "Police records" in html and "[counts.csv]" in html
    assert "Ring-road works" in html
    assert html.index("Speeding") < html.index("Shortcut traffic")


def test_the_stakeholders_document_draws_the_grid_from_the_snapshot(plan):
    RequirementFactory(
        stakeholder=StakeholderFactory(plan=plan, name="Deputy mayor", interest=4, influence=5),
        statement="Quarterly report",
    )
    html = render_to_string(
        "assessments/stakeholders_document.html", {"data": stakeholders_snapshot(plan)}
    )
    assert "<svg" in html and "Manage closely" in html
    assert "Deputy mayor" in html and "Quarterly report" in html
