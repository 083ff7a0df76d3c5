"""The Gantt chart stays legible however long the plan runs and however long its titles."""

import datetime
import re

import pytest
from django.utils import translation

from actions.charts import LABEL_W, gantt_svg
from plans.svgtext import text_width

MONTH = re.compile(r'<text class="month" x="([\d.]+)"[^>]*>([^<]+)</text>')
LABEL = re.compile(r'<text class="label" x="([\d.]+)"[^>]*>([^<]+)</text>')


def plan_tasks(years):
    start = datetime.date(2026, 1, 5)
    return [
        {
            "id": n,
            "title": f"Task {n}",
            "start_date": (start + datetime.timedelta(days=90 * n)).isoformat(),
            "due_date": (start + datetime.timedelta(days=90 * n + 60)).isoformat(),
            "status": "not_started",
            "progress": 0,
            "depends_on": [],
        }
        for n in range(years * 4)
    ]


def month_labels(svg):
    return [(float(x), text) for x, text in MONTH.findall(svg)]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("years", [2, 5])
def test_month_labels_never_overlap(years, language):
    end = datetime.date(2026 + years, 1, 1)
    with translation.override(language):
        svg = gantt_svg(plan_tasks(years), start="2026-01-01", end=end.isoformat())
    labels = month_labels(svg)
    assert len(labels) >= 4
    for (x1, text1), (x2, _) in zip(labels, labels[1:], strict=False):
        gap = x2 - x1
        assert gap > text_width(text1, 11) + 6, (text1, gap)
        assert gap >= 30


def test_a_five_year_plan_gets_fewer_labels_than_it_has_months():
    svg = gantt_svg(plan_tasks(5), start="2026-01-01", end="2031-01-01")
    assert len(month_labels(svg)) <= 20


def test_a_short_plan_labels_every_month():
    with translation.override("en"):
        svg = gantt_svg(plan_tasks(1)[:2], start="2026-01-01", end="2026-06-30")
    assert [text for _, text in month_labels(svg)][:3] == ["Jan 26", "Feb 26", "Mar 26"]


def test_long_titles_stay_inside_the_label_column_with_the_full_title_as_tooltip():
    title = "Negotiate the delivery windows with every shopkeeper of Canal Street " * 2
    tasks = [
        {
            "id": 1,
            "title": title,
            "start_date": "2026-02-01",
            "due_date": "2026-03-01",
            "status": "not_started",
            "progress": 0,
        }
    ]
    milestones = [{"title": "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", "date": "2026-04-01"}]
    with translation.override("en"):
        svg = gantt_svg(tasks, milestones, start="2026-01-01", end="2026-12-31")
    labels = LABEL.findall(svg)
    assert len(labels) == 2
    for x, text in labels:
        assert float(x) >= 0
        assert text.endswith("…")
        assert float(x) + text_width(text, 11, bold="◆" in text) <= LABEL_W
    assert f"<title>{title}" in svg  # the whole title, in the task's tooltip
    assert f"<title>Milestone: {milestones[0]['title']}" in svg


def test_the_document_draws_a_long_plan_as_page_sized_charts_on_one_time_axis():
    from actions.templatetags.gantt import ROWS_PER_CHART, gantt_chart

    tasks = plan_tasks(5) * 5  # 100 tasks
    data = {"tasks": tasks, "milestones": [], "range": {"start": "2026-01-01", "end": "2030-12-31"}}
    with translation.override("en"):
        html = gantt_chart(data)
    charts = html.split("<svg")[1:]
    assert len(charts) == -(-len(tasks) // ROWS_PER_CHART)
    assert all(chart.count('class="task') <= ROWS_PER_CHART for chart in charts)
    assert len({tuple(month_labels(chart)) for chart in charts}) == 1  # the same axis
