"""Evaluation findings and KPI milestones, added inline from their pages."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from monitoring.models import EvaluationFinding, Milestone
from monitoring.selectors import snapshot
from plans.models import Role
from tests.monitoring.factories import KPIFactory
from tests.objectives.factories import GoalFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(plan, name, **kwargs):
    return reverse(f"monitoring:{name}", kwargs={"plan": plan.uuid, **kwargs})


def field_error(content, name):
    """The errors shown under the field ``name`` (crispy ties them to it by id), or ""."""
    assert f'id="id_{name}"' in content, f"no field {name} in the form"
    return " ".join(re.findall(rf'<span id="error_\d+_id_{name}"><strong>(.*?)</strong>', content))


def finding_data(goal, **changes):
    return {
        "goal": goal.pk,
        "outcome": "partly",
        "evidence": "Eight of twelve crossings supervised (roster, October).",
        "evaluated_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        **changes,
    }


def test_a_finding_is_added_inline_with_history(client_for, people, plan):
    goal = GoalFactory(plan=plan, statement="Supervise every crossing")
    c = client_for(people[Role.PLANNER])
    form = c.get(url(plan, "findings_add"), **HTMX)
    assert form.status_code == 200 and 'name="evidence"' in form.content.decode()
    response = c.post(url(plan, "findings_add"), finding_data(goal), **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#coll-monitoring-findings"
    content = response.content.decode()
    assert "Supervise every crossing" in content and "Partly achieved" in content
    finding = EvaluationFinding.objects.get(plan=plan)
    assert finding.goal == goal and finding.outcome == "partly"
    assert finding.history.get().history_user == people[Role.PLANNER]
    page = c.get(url(plan, "page")).content.decode()
    assert "Eight of twelve crossings supervised" in page


def test_a_goal_of_another_plan_is_refused_next_to_the_field(client_for, people, plan):
    foreign = GoalFactory(plan=PlanFactory(), statement="Someone else's goal")
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "findings_add"), finding_data(foreign)
    )
    assert response.status_code == 400
    assert "Select a valid choice" in field_error(response.content.decode(), "goal")
    assert not EvaluationFinding.objects.exists()


def test_a_finding_dated_in_the_future_is_refused_next_to_the_field(client_for, people, plan):
    goal = GoalFactory(plan=plan)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    c = client_for(people[Role.PLANNER])
    response = c.post(url(plan, "findings_add"), finding_data(goal, evaluated_on=tomorrow))
    assert response.status_code == 400
    content = response.content.decode()
    assert field_error(content, "evaluated_on") == "An evaluation cannot be in the future."
    assert field_error(content, "goal") == ""
    # With htmx the form comes back in place of the add form, the error still by its field.
    inline = c.post(url(plan, "findings_add"), finding_data(goal, evaluated_on=tomorrow), **HTMX)
    assert inline["HX-Retarget"] == "#coll-monitoring-findings-form"
    assert "An evaluation cannot be in the future." in field_error(
        inline.content.decode(), "evaluated_on"
    )
    assert not EvaluationFinding.objects.exists()


def test_findings_are_in_the_snapshot_and_the_document(client_for, people, plan):
    goal = GoalFactory(plan=plan, statement="Halve injuries")
    client_for(people[Role.PLANNER]).post(
        url(plan, "findings_add"),
        finding_data(goal, outcome="not_achieved", evaluated_on="2026-06-15"),
    )
    data = snapshot(plan)
    assert data["findings"] == [
        {
            "id": EvaluationFinding.objects.get().pk,
            "goal": "Halve injuries",
            "outcome": "not_achieved",
            "outcome_label": "Not achieved",
            "evidence": "Eight of twelve crossings supervised (roster, October).",
            "evaluated_on": "2026-06-15",
        }
    ]
    html = render_to_string("monitoring/document.html", {"data": data})
    findings = html[html.index("Evaluation findings") : html.index("Lessons learned")]
    assert "<td>Halve injuries</td>" in findings
    assert "Not achieved" in findings and "Eight of twelve crossings supervised" in findings
    assert "No evaluation findings yet." not in findings
    empty = render_to_string("monitoring/document.html", {"data": snapshot(PlanFactory())})
    assert "No evaluation findings yet." in empty


def kpi_with_range(plan):
    return KPIFactory(
        plan=plan, baseline_date=datetime.date(2026, 1, 1), target_date=datetime.date(2027, 1, 1)
    )


def test_a_milestone_is_added_on_the_kpi_page(client_for, people, plan):
    kpi = kpi_with_range(plan)
    c = client_for(people[Role.PLANNER])
    form = c.get(url(plan, "milestones_add") + f"?kpi={kpi.pk}", **HTMX)
    assert f'name="kpi" value="{kpi.pk}"' in form.content.decode()
    response = c.post(
        url(plan, "milestones_add"),
        {"kpi": kpi.pk, "period": "2026-07-01", "value": "10.5", "label": "Halfway"},
        **HTMX,
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#coll-monitoring-milestones"
    assert "Halfway" in response.content.decode()
    milestone = Milestone.objects.get(kpi=kpi)
    assert (milestone.plan, milestone.date, milestone.value) == (
        plan,
        datetime.date(2026, 7, 1),
        Decimal("10.50"),
    )
    assert milestone.history.get().history_user == people[Role.PLANNER]
    detail = c.get(url(plan, "kpi_detail", pk=kpi.pk)).content.decode()
    assert "Halfway" in detail


BEFORE = "A target must be for a period after the KPI&#x27;s baseline date."
AFTER = "A target cannot be for a period after the KPI&#x27;s target date."


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2025-12-01", BEFORE),
        ("2026-01-01", BEFORE),
        ("2025", BEFORE),
        ("2027-03-01", AFTER),
        ("2028", AFTER),
        ("chaque année", "is not a period Planner can read"),
    ],
)
def test_a_target_outside_baseline_to_target_is_refused(client_for, people, plan, period, message):
    kpi = kpi_with_range(plan)
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "milestones_add"), {"kpi": kpi.pk, "period": period, "value": "10"}
    )
    assert response.status_code == 400
    assert message in field_error(response.content.decode(), "period")
    assert not Milestone.objects.exists()


def test_targets_by_period_include_the_final_period_and_words(client_for, people, plan):
    """Real plans set a target per year or school year, the last one ending on the target date,
    and word some targets instead of giving a number."""
    kpi = kpi_with_range(plan)
    c = client_for(people[Role.PLANNER])
    rows = [
        {"period": "2026", "value": "12,5", "target_text": "", "label": ""},
        {"period": "2027-01-01", "value": "15", "target_text": "", "label": "final"},
        {"period": "T3 2026", "value": "", "target_text": "+4,5 % over the baseline", "label": ""},
    ]
    planner = people[Role.PLANNER]
    planner.language = "fr"
    planner.save()
    for row in rows:
        response = c.post(url(plan, "milestones_add"), {"kpi": kpi.pk, **row}, **HTMX)
        assert response.status_code == 200, response.content.decode()[:3000]
    saved = {m.period or m.date.isoformat(): m for m in Milestone.objects.filter(kpi=kpi)}
    assert saved["2026"].period_start == datetime.date(2026, 1, 1)
    assert saved["2026"].date == datetime.date(2026, 12, 31)
    assert saved["2026"].value == Decimal("12.5")
    assert saved["2027-01-01"].period == ""  # a day is kept as a date
    assert saved["T3 2026"].value is None
    assert saved["T3 2026"].target_text == "+4,5 % over the baseline"
    empty = c.post(url(plan, "milestones_add"), {"kpi": kpi.pk, "period": "2026", "value": ""})
    assert "Indiquez la cible" in field_error(empty.content.decode(), "value")  # in French
    with translation.override("en"):
        html = render_to_string("monitoring/document.html", {"data": snapshot(plan)})
    table = html[html.index("Targets by period") :]
    assert "<td>2026</td>" in table and "<td>T3 2026</td>" in table
    assert "+4,5 % over the baseline" in table and "12.5" in table


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_target_dated_before_periods_existed_opens_with_its_date_and_saves_untouched(
    client_for, people, plan, language
):
    """A target saved with a date only (before periods) shows that date in its period field,
    written so that no language reads it as another day, and saves as it was."""
    kpi = kpi_with_range(plan)
    old = Milestone.objects.create(
        plan=plan, kpi=kpi, date=datetime.date(2026, 3, 4), value=Decimal("9"), label="Spring"
    )
    planner = people[Role.PLANNER]
    planner.language = language
    planner.save()
    c = client_for(planner)
    edit = url(plan, "milestones_edit", pk=old.pk)
    form = c.get(edit, **HTMX).content.decode()
    assert 'name="period" value="2026-03-04"' in form
    data = {"kpi": kpi.pk, "period": "2026-03-04", "value": "9", "label": "Spring"}
    data["version"] = old.version
    assert c.post(edit, data, **HTMX).status_code == 200
    old.refresh_from_db()
    assert (old.period, old.date, old.value) == ("", datetime.date(2026, 3, 4), Decimal("9.00"))
