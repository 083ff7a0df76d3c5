"""The Gantt chart stays legible however long the plan runs and however long its titles."""

import datetime
import re

import pytest
from django.utils import translation

from actions.charts import LABEL_W, gantt_svg
from plans.svgtext import text_width

MONTH = re.compile(r'<text class="month" x="([\d.]+)"[^>]*>([^<]+)</text>')
LABEL = re.compile(r'<text class="label" x="([\d.]+)"[^>]*>(.*?)</text>')
TSPAN = re.compile(r'<tspan x="([\d.]+)"[^>]*>([^<]*)</tspan>')


def label_lines(svg):
    """Each label's lines: ``[[(x, text), ...], ...]``."""
    out = []
    for x, body in LABEL.findall(svg):
        spans = TSPAN.findall(body)
        out.append([(float(sx), text) for sx, text in spans] if spans else [(float(x), body)])
    return out


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
    assert [text for _, text in month_labels(svg)][:3] == ["Jan 2026", "Feb 2026", "Mar 2026"]


def test_a_french_plan_labels_its_months_the_french_way():
    with translation.override("fr"):
        svg = gantt_svg(plan_tasks(1)[:3], start="2026-01-01", end="2026-08-31")
    labels = [text for _, text in month_labels(svg)]
    # French abbreviations (written out here, not taken from the code): June and July apart.
    for expected in ("janv. 2026", "févr. 2026", "mars 2026", "juin 2026", "juil. 2026"):
        assert expected in labels, labels


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
    labels = label_lines(svg)
    assert len(labels) == 2
    for lines in labels:
        # Wrapped on two lines, the second cut with an ellipsis, every line inside the column.
        assert len(lines) == 2
        assert lines[-1][1].endswith("…")
        for x, text in lines:
            assert x >= 0
            assert x + text_width(text, 11, bold="◆" in lines[0][1]) <= LABEL_W
    task_lines = labels[1]
    assert title.startswith(task_lines[0][1] + " ")  # broken between words
    assert len(task_lines[0][1]) > 20
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


def test_a_task_with_one_date_is_drawn_as_a_mark_on_that_date():
    tasks = [
        {"id": 1, "title": "Order signs", "due_date": "2026-03-10", "status": "not_started"},
        {"id": 2, "title": "Launch week", "start_date": "2026-05-04", "status": "not_started"},
        {"id": 3, "title": "Not planned yet", "status": "not_started"},
    ]
    with translation.override("en"):
        svg = gantt_svg(
            tasks, start="2026-01-01", end="2026-12-31", today=datetime.date(2026, 1, 2)
        )
    assert svg.count('class="single-date"') == 2
    assert svg.count('<g class="task') == 2  # the task with no date is not drawn
    assert "Order signs – due March 10, 2026" in svg
    assert "Launch week – starts May 4, 2026" in svg
    assert "No dated tasks" not in svg


def test_a_published_chart_is_drawn_as_of_its_publication_day_not_today():
    tasks = [
        {
            "id": 1,
            "title": "Survey",
            "start_date": "2026-02-01",
            "due_date": "2026-03-01",
            "status": "in_progress",
            "progress": 40,
        },
    ]
    with translation.override("en"):
        published = gantt_svg(
            tasks, start="2026-01-01", end="2026-12-31", published_on="2026-02-15"
        )
        live = gantt_svg(
            tasks, start="2026-01-01", end="2026-12-31", today=datetime.date(2026, 4, 1)
        )
    assert 'class="today"' not in published and "Today" not in published
    assert "Published Feb. 15, 2026" in published
    assert 'class="task late"' not in published  # not yet due when it was published
    assert 'class="today"' in live and 'class="task late"' in live


def test_the_document_chart_is_drawn_as_of_the_version_publication(plan):
    from actions.templatetags.gantt import gantt_chart

    tasks = plan_tasks(1)
    data = {"tasks": tasks, "milestones": [], "range": {"start": "2026-01-01", "end": "2026-12-31"}}
    with translation.override("fr"):
        html = gantt_chart(data, published_on=datetime.date(2026, 6, 1))
    assert "Publié le 1 juin 2026" in html
    assert "Aujourd" not in html
