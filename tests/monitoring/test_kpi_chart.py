"""A KPI chart says what it draws: the values' unit, and a legend of the marks it uses."""

import re

from django.utils import translation

from monitoring.charts import kpi_chart_svg
from plans.svgtext import text_width

KPI = {
    "id": 7,
    "name": "Children injured",
    "unit": "injuries",
    "baseline_date": "2026-01-01",
    "baseline_value": "14",
    "target_date": "2028-09-01",
    "target_value": "7",
    "milestones": [{"date": "2027-06-30", "value": "10.5", "period": "2026-2027"}],
    "measurements": [
        {"date": "2025-06-01", "value": "15"},
        {"date": "2026-03-01", "value": "13.6"},
        {"date": "2026-09-01", "value": "12.9"},
    ],
}
LEGEND = re.compile(r'<g class="legend">(.*?)</g>', re.S)
TEXT = re.compile(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]+)</text>')


def legend(svg):
    found = LEGEND.search(svg)
    return (
        [(float(x), float(y), text) for x, y, text in TEXT.findall(found.group(1))] if found else []
    )


def test_the_chart_names_its_unit_and_every_kind_of_mark_it_draws():
    with translation.override("en"):
        svg = kpi_chart_svg(KPI)
    assert re.search(r'<text class="unit"[^>]*>injuries</text>', svg)
    labels = [text for _x, _y, text in legend(svg)]
    assert labels == [
        "Measurements",
        "Baseline",
        "Targets by period",
        "Target",
        "Expected path",
        "Before the baseline",
    ]


def test_the_legend_lists_only_what_is_drawn_and_speaks_the_language():
    only_measured = {
        **KPI,
        **{"baseline_date": None, "baseline_value": None, "target_value": None},
        "milestones": [],
    }
    with translation.override("fr"):
        svg = kpi_chart_svg(only_measured)
    assert [text for _x, _y, text in legend(svg)] == ["Mesures"]


def test_the_legend_stays_inside_the_chart_below_the_dates():
    with translation.override("fr"):
        svg = kpi_chart_svg(KPI, width=300)
    width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    items = legend(svg)
    assert len({y for _x, y, _t in items}) >= 2  # a narrow chart wraps its legend
    for x, y, text in items:
        assert x + text_width(text, 11) <= width and y <= height, text
    date_y = max(
        float(y) for y in re.findall(r'<text x="[\d.]+" y="([\d.]+)"[^>]*>1 juin 2025', svg)
    )
    assert min(y for _x, y, _t in items) > date_y + 8


def test_a_compact_chart_has_no_legend():
    assert "legend" not in kpi_chart_svg(KPI, compact=True)
