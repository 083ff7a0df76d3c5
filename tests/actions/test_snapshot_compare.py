"""The version compare names the action plan's changes as a reader does: a task's dependencies
by their titles, a RACI cell by its team member and its part, never by an internal id."""

import datetime

import pytest

from actions.models import RaciAssignment
from actions.selectors import snapshot
from plans.sections.diff import compare_snapshots
from tests.actions.factories import TaskFactory
from tests.resources.factories import TeamMemberFactory

pytestmark = pytest.mark.django_db


def section_rows(old, new):
    diffs = compare_snapshots({"sections": {"actions": old}}, {"sections": {"actions": new}})
    return [(r.kind, r.item, r.field, r.old, r.new) for d in diffs for r in d.rows]


def test_dependencies_and_raci_changes_read_as_names(plan):
    julie = TeamMemberFactory(plan=plan, name="Julie Moreau")
    survey = TaskFactory(plan=plan, title="Parent survey", due_date=datetime.date(2026, 3, 5))
    report = TaskFactory(plan=plan, title="Report", start_date=datetime.date(2026, 3, 10))
    cell = RaciAssignment.objects.create(plan=plan, task=report, member=julie, role="R")
    before = snapshot(plan)
    report.depends_on.add(survey)
    cell.role = "A"
    cell.save()
    rows = section_rows(before, snapshot(plan))
    assert ("changed", "Task: Report", "Waits for", "", "Parent survey") in rows
    assert ("changed", "Task: Report", "Number of tasks it waits for", "0 tasks", "1 task") in rows
    assert (
        "changed",
        "Task: Report › RACI matrix › RACI assignment: Julie Moreau",
        "Part",
        "Responsible",
        "Accountable",
    ) in rows
    text = " ".join(str(v) for row in rows for v in row)
    assert str(survey.pk) not in text.split() and str(julie.pk) not in text.split()


def test_a_version_published_before_the_raci_cells_still_prints_and_compares(plan):
    from django.template.loader import render_to_string

    julie = TeamMemberFactory(plan=plan, name="Julie Moreau")
    task = TaskFactory(plan=plan, title="Report")
    RaciAssignment.objects.create(plan=plan, task=task, member=julie, role="A")
    new = snapshot(plan)
    old = {**new, "tasks": [dict(t) for t in new["tasks"]]}
    for row in old["tasks"]:  # the shape versions were published with until now
        row["raci"] = {str(c["id"]): c["role"] for c in row.pop("raci_assignments")}
    html = render_to_string("actions/document.html", {"data": old})
    # Julie Moreau, accountable for the report: named in the RACI listing's A column.
    assert "<tr><td>Report</td><td>—</td><td>Julie Moreau</td><td>—</td><td>—</td></tr>" in html
    rows = section_rows(old, new)
    assert any(r[1] == "Task: Report › RACI matrix › RACI assignment: Julie Moreau" for r in rows)
