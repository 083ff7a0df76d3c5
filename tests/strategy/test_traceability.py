"""Assumptions and the risks that watch them: the page, the completeness, the document."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse

from monitoring.models import KPI
from plans.models import Membership, Plan, Role
from risks.models import Risk
from strategy.models import Assumption
from strategy.section import completeness
from strategy.selectors import snapshot, unwatched_assumptions
from tests.risks.factories import RiskFactory
from tests.strategy.factories import AssumptionFactory

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_risks_watching_each_assumption_and_flags_the_others(
    client_for, people, plan
):
    police = AssumptionFactory(plan=plan, statement="Police can run speed checks")
    AssumptionFactory(plan=plan, statement="Ring-road works start late")
    RiskFactory(plan=plan, title="Police staff cut", likelihood=4, impact=4).assumptions.add(police)
    url = reverse("strategy:page", kwargs={"plan": plan.uuid})
    html = client_for(people[Role.VIEWER]).get(url).content.decode()
    assert "Watched by the risks:" in html and "Police staff cut" in html
    assert html.count("No risk watches this assumption") == 1
    assert "Assumptions no risk watches" in html
    flagged = html.split('id="assumption-coverage"')[1].split("</div>\n    {% endif")[0]
    assert "Ring-road works start late" in flagged.split("</ul>")[0]
    assert "Police can run speed checks" not in flagged.split("</ul>")[0]


def test_completeness_counts_assumptions_no_risk_watches(plan):
    police = AssumptionFactory(plan=plan, statement="Police can run speed checks")
    AssumptionFactory(plan=plan, statement="Ring-road works start late")
    assert "2 assumptions are watched by no risk." in completeness(plan).missing
    RiskFactory(plan=plan).assumptions.add(police)
    assert "1 assumption is watched by no risk." in completeness(plan).missing
    before = completeness(plan).done
    RiskFactory(plan=plan).assumptions.add(*Assumption.objects.filter(plan=plan))
    after = completeness(plan)
    assert not any("watched by no risk" in str(m) for m in after.missing)
    assert after.done == before + 1 and after.total == 6


def test_the_document_lists_the_watching_risks_from_the_snapshot(plan):
    police = AssumptionFactory(plan=plan, statement="Police can run speed checks")
    AssumptionFactory(plan=plan, statement="Ring-road works start late")
    RiskFactory(plan=plan, title="Police staff cut").assumptions.add(police)
    data = snapshot(plan)
    assert [a["risks"] for a in data["assumptions"]] == [["Police staff cut"], []]
    html = render_to_string("strategy/document.html", {"data": data})
    assert "Police staff cut" in html
    assert html.count("no risk watches this assumption") == 1
    assert [a["statement"] for a in data["coverage"]["assumptions_without_risk"]] == [
        "Ring-road works start late"
    ]


def test_strategy_reads_the_link_without_importing_risks():
    for path in (Path(settings.BASE_DIR) / "strategy").rglob("*.py"):
        source = path.read_text()
        assert "from risks" not in source and "import risks" not in source, path


def test_the_demo_links_risks_to_assumptions_and_kpis(client_for):
    call_command("seed_demo", "--quiet")
    plan = Plan.objects.get(title__startswith="Safer routes")
    owner = Membership.objects.get(plan=plan, role=Role.OWNER).user
    assert Assumption.objects.filter(plan=plan).exists()
    assert unwatched_assumptions(plan) == []
    watched = Risk.objects.filter(plan=plan, kpis__isnull=False).distinct()
    assert watched.count() >= 5
    kpi = KPI.objects.get(plan=plan, risks__title__startswith="A child is injured")
    risks = client_for(owner).get(reverse("risks:page", kwargs={"plan": plan.uuid}))
    assert kpi.name in risks.content.decode()
    # The links are in the risks' history too (m2m_fields), as the demo created them.
    risk = watched.first()
    assert risk.history.latest().kpis.count() == risk.kpis.count()
