"""The results chain: logic-model elements lead to the later elements they bring about, and a KPI
can measure any level of it (an output, an outcome, the impact); the chain prints as a logframe."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from monitoring.models import KPI
from monitoring.selectors import snapshot as monitoring_snapshot
from plans.models import Role
from strategy.models import LogicElement
from strategy.selectors import snapshot as strategy_snapshot
from tests.strategy.factories import LogicElementFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_an_element_leads_only_to_later_stages(client_for, people, plan):
    outcome = LogicElementFactory(plan=plan, stage=4, statement="Fewer pupils injured")
    activity = LogicElementFactory(plan=plan, stage=2, statement="Crossing patrols")
    url = reverse("strategy:elements_add", kwargs={"plan": plan.uuid})
    c = client_for(people[Role.PLANNER])
    data = {"stage": "3", "statement": "Patrols at 12 crossings", "leads_to": [outcome.pk]}
    assert c.post(url, data, **HTMX).status_code == 200
    output = LogicElement.objects.get(statement="Patrols at 12 crossings")
    assert list(output.leads_to.all()) == [outcome]
    assert list(outcome.comes_from.all()) == [output]
    backwards = {"stage": "3", "statement": "Backwards", "leads_to": [activity.pk]}
    response = c.post(url, backwards, **HTMX)
    assert response.status_code == 400
    assert "leads only to elements of a later stage" in response.content.decode()
    assert not LogicElement.objects.filter(statement="Backwards").exists()
    html = render_to_string("strategy/document.html", {"data": strategy_snapshot(plan)})
    assert "Leads to: Fewer pupils injured" in html


def test_a_kpi_measures_an_output_and_the_logframe_prints_it(client_for, people, plan):
    output = LogicElementFactory(plan=plan, stage=3, statement="Patrols at 12 crossings")
    LogicElementFactory(plan=plan, stage=5, statement="Safer journeys to school")
    url = reverse("monitoring:kpis_add", kwargs={"plan": plan.uuid})
    data = {
        "name": "Crossings patrolled",
        "element": output.pk,
        "unit": "crossings",
        "direction": "higher",
        "baseline_value": "0",
        "target_value": "12",
        "frequency": "quarterly",
        "data_source": "Patrol rota",
    }
    assert client_for(people[Role.PLANNER]).post(url, data).status_code == 302
    assert KPI.objects.get().element == output
    with translation.override("en"):
        html = render_to_string("monitoring/document.html", {"data": monitoring_snapshot(plan)})
    frame = html[html.index("Logical framework") :]
    # From the impact down; the output with its indicator and where the figures come from.
    assert frame.index("Safer journeys to school") < frame.index("Patrols at 12 crossings")
    assert "Crossings patrolled" in frame and "Patrol rota" in frame
