"""The one differ of the compare page and the PDF appendix speaks the reader's language:
verbose names from the declarations, choices by their labels, dates as dates."""

import datetime

import pytest
from django.utils import translation

from plans.models import Sector
from plans.sections.diff import compare_snapshots
from plans.versions import PLAN, plan_snapshot
from tests.objectives.factories import GoalFactory, ScopeFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db


def rows_of(diffs, key):
    return next(d for d in diffs if d.key == key).rows


def test_a_changed_field_is_named_by_its_verbose_name_and_shown_as_a_reader_reads_it():
    plan = PlanFactory(sector=Sector.HEALTH)
    goal = GoalFactory(
        plan=plan, statement="Halve injuries", target_date=datetime.date(2027, 6, 30)
    )
    before = plan_snapshot(plan)
    goal.target_date = datetime.date(2027, 9, 1)
    goal.achievable_rationale = ""
    goal.save()
    plan.sector = Sector.EDUCATION
    plan.save()
    after = plan_snapshot(plan)
    with translation.override("en"):
        diffs = compare_snapshots(before, after, plan_item_type=PLAN)
    goals = rows_of(diffs, "objectives")
    fields = {r.field: r for r in goals}
    assert fields["Target date"].item == "Goal: Halve injuries"
    assert (
        fields["Target date"].old == "June 30, 2027"
        and fields["Target date"].new == "Sept. 1, 2027"
    )
    assert "Achievable rationale" not in fields  # the verbose name, not the field's
    assert fields["Why it is achievable"].new == ""
    assert fields["SMART criteria not met"].new == "Achievable"
    details = {r.field: r for r in rows_of(diffs, "plan")}
    assert details["Sector"].old == str(Sector.HEALTH.label)
    assert details["Sector"].new == str(Sector.EDUCATION.label)
    every = " ".join(f"{r.item} {r.field} {r.old} {r.new}" for d in diffs for r in d.rows)
    for internal in ("smart_missing", "target_date", "sector_label", "education", "_"):
        assert internal not in every


def test_added_and_removed_items_carry_their_fields_on_the_page_and_only_names_in_the_pdf():
    plan = PlanFactory()
    doomed = GoalFactory(plan=plan, statement="Paint every crossing")
    before = plan_snapshot(plan)
    doomed.delete()
    GoalFactory(plan=plan, statement="Train supervisors", metric="Supervisors trained")
    ScopeFactory(plan=plan, in_scope="Primary schools")
    after = plan_snapshot(plan)
    with translation.override("en"):
        page = rows_of(compare_snapshots(before, after), "objectives")
        pdf = rows_of(compare_snapshots(before, after, summaries=False), "objectives")
    kinds = {(r.kind, r.item) for r in page}
    assert ("added", "Goal: Train supervisors") in kinds
    assert ("removed", "Goal: Paint every crossing") in kinds
    assert ("added", "Scope") in kinds
    added = next(r for r in page if r.item == "Goal: Train supervisors")
    assert "Metric: Supervisors trained" in added.new
    assert all(not r.new and not r.old for r in pdf if r.kind != "changed")


def test_the_same_snapshot_has_no_differences():
    plan = PlanFactory()
    GoalFactory(plan=plan)
    snapshot = plan_snapshot(plan)
    assert all(not d.rows for d in compare_snapshots(snapshot, snapshot, plan_item_type=PLAN))


def test_an_item_of_a_grouped_list_is_named_by_its_group():
    from assessments.models import Quadrant
    from tests.assessments.factories import SwotItemFactory

    plan = PlanFactory()
    item = SwotItemFactory(plan=plan, quadrant=Quadrant.THREAT, text="Budget cuts")
    before = plan_snapshot(plan)
    item.text = "Budget cuts in 2027"
    item.save()
    with translation.override("en"):
        rows = rows_of(compare_snapshots(before, plan_snapshot(plan)), "assessments")
    (row,) = rows
    assert row.item == f"{Quadrant.THREAT.label} › SWOT item: Budget cuts in 2027"
    assert (row.old, row.new) == ("Budget cuts", "Budget cuts in 2027")


def test_a_key_whose_shape_changed_between_versions_is_one_change_not_a_crash():
    old = {"sections": {"objectives": {"goals": [{"id": 1, "statement": "A", "raci": {"3": "R"}}]}}}
    new = {
        "sections": {"objectives": {"goals": [{"id": 1, "statement": "A", "raci": [{"id": 3}]}]}}
    }
    rows = rows_of(compare_snapshots(old, new), "objectives")
    assert [r.kind for r in rows] == ["changed"]
