"""A KPI broken down by category (sex, age group, area): each measurement carries its value per
category beside the total, shown and printed as the plan gives them; a category not given is
unknown, not zero."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from monitoring.models import Measurement, parse_breakdown
from monitoring.selectors import snapshot
from plans.models import Role
from tests.monitoring.factories import KPIFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_breakdowns_are_read_as_written():
    assert parse_breakdown("Sexe : femmes, hommes\nÂge : 18-34, 35-54, 55-75") == [
        ("Sexe", ["femmes", "hommes"]),
        ("Âge", ["18-34", "35-54", "55-75"]),
    ]
    assert parse_breakdown("urbain, rural; ") == [("", ["urbain", "rural"])]
    assert parse_breakdown("") == []


def test_a_measurement_carries_its_values_by_category(client_for, people, plan):
    kpi = KPIFactory(
        plan=plan,
        name="Fumeurs quotidiens",
        unit="%",
        baseline_date=datetime.date(2016, 1, 1),
        breakdown="Sexe : femmes, hommes\nÂge : 18-34, 35-54",
    )
    planner = people[Role.PLANNER]
    planner.language = "fr"
    planner.save()
    c = client_for(planner)
    add = reverse("monitoring:measurements_add", kwargs={"plan": plan.uuid})
    form = c.get(add + f"?kpi={kpi.pk}", **HTMX).content.decode()
    assert "Sexe: femmes" in form and "Âge: 35-54" in form
    data = {
        "kpi": kpi.pk,
        "period": "2017",
        "value": "26,9",
        "breakdown_0_0": "24,8",
        "breakdown_0_1": "29,1",
        "breakdown_1_0": "",  # not published: unknown, not 0
        "breakdown_1_1": "30,2",
    }
    assert c.post(add, data, **HTMX).status_code == 200
    saved = Measurement.objects.get(kpi=kpi)
    assert saved.value == Decimal("26.9")
    assert saved.breakdown_values == {
        "Sexe": {"femmes": "24.8", "hommes": "29.1"},
        "Âge": {"35-54": "30.2"},
    }
    detail = c.get(reverse("monitoring:kpi_detail", kwargs={"plan": plan.uuid, "pk": kpi.pk}))
    assert "femmes 24,8" in detail.content.decode()
    edit = reverse("monitoring:measurements_edit", kwargs={"plan": plan.uuid, "pk": saved.pk})
    assert 'value="29,1"' in c.get(edit, **HTMX).content.decode()
    with translation.override("fr"):
        html = render_to_string("monitoring/document.html", {"data": snapshot(plan)})
    assert "femmes 24,8 · hommes 29,1" in html and "35-54 30,2" in html
    assert "18-34 0" not in html  # the category not given prints no invented zero


def test_values_by_category_read_as_one_line_per_breakdown():
    from monitoring.templatetags.monitoring_tags import breakdown_text

    values = {"Sex": {"women": "24.80", "men": "29.10"}, "": {"urban": "3"}}
    with translation.override("en"):
        assert breakdown_text(values) == ["Sex: women 24.8 · men 29.1", "urban 3"]
    with translation.override("fr"):
        assert breakdown_text(values)[0] == "Sex : women 24,8 · men 29,1"
    assert breakdown_text({}) == []
