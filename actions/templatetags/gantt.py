from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# The time axis in the document: narrower than on the page, so that once the chart is scaled
# to the width of A4 its labels are still about 7 pt.
DOCUMENT_CHART_WIDTH = 480
# Rows (milestones and tasks) per chart in the document: what fits on an A4 page.
ROWS_PER_CHART = 40


@register.simple_tag
def gantt_chart(data, chart_id="doc-gantt", published_on=None):
    """The Gantt chart from the actions snapshot: the same function the page uses, as of the
    version's publication (``published_on``).

    A chart cannot break across pages, so a long plan is drawn as several charts, each of
    what fits on an A4 page (``ROWS_PER_CHART`` one-line rows; a title on two lines takes more),
    on one shared time axis (arrows link tasks within a chart).
    """
    from actions.charts import (
        ROW_H,
        as_date,
        gantt_svg,
        is_drawn,
        label_lines,
        row_height,
        task_dates,
    )

    tasks = data.get("tasks", [])
    milestones = data.get("milestones", [])
    span = data.get("range") or {}
    dated = [t for t in tasks if is_drawn(t)]
    marks = [m for m in milestones if as_date(m.get("date"))]
    dates = [d for t in dated for d in task_dates(t) if d]
    dates += [as_date(m["date"]) for m in marks]
    dates += [as_date(span[key]) for key in ("start", "end") if span.get(key)]
    start, end = (min(dates), max(dates)) if dates else (None, None)
    rows = [("milestone", m, label_lines("◆ " + str(m["title"]), bold=True)) for m in marks]
    rows += [("task", t, label_lines(t["title"])) for t in dated]
    chunks, chunk, used = [], [], 0
    for row in rows:
        height = row_height(row[2])
        if chunk and used + height > ROWS_PER_CHART * ROW_H:
            chunks.append(chunk)
            chunk, used = [], 0
        chunk.append(row)
        used += height
    chunks.append(chunk)
    charts = []
    for number, chunk in enumerate(chunks, start=1):
        svg = gantt_svg(
            [item for kind, item, _lines in chunk if kind == "task"],
            [item for kind, item, _lines in chunk if kind == "milestone"],
            start=start,
            end=end,
            published_on=published_on,
            chart_id=chart_id if len(chunks) == 1 else f"{chart_id}-{number}",
            chart_width=DOCUMENT_CHART_WIDTH,
        )
        charts.append(format_html('<div class="doc-chart">{}</div>', svg))
    return mark_safe("".join(charts))  # noqa: S308 - each piece is built by format_html


RACI_PARTS = "RACI"


@register.simple_tag
def raci_rows(data):
    """``{% raci_rows data as rows %}``: the RACI of a snapshot's tasks as a listing, one
    ``(task, [R names, A names, C names, I names])`` per task someone has a part in.

    Names are in the team's order. A task holds its cells as ``raci_assignments`` (``{"id":
    member id, "member": name, "role": letter}``); versions published before held ``raci``,
    ``{member id: letter}``, named here through the team.
    """
    team = data.get("team") or []
    order = {str(m.get("id")): i for i, m in enumerate(team)}
    names = {str(m.get("id")): m.get("name", "") for m in team}
    rows = []
    for task in data.get("tasks") or ():
        cells = [
            (str(c.get("id")), c.get("member") or names.get(str(c.get("id")), ""), c.get("role"))
            for c in task.get("raci_assignments") or ()
        ]
        if not cells:
            cells = [
                (str(k), names.get(str(k), ""), v) for k, v in (task.get("raci") or {}).items()
            ]
        if not cells:
            continue
        cells.sort(key=lambda c: order.get(c[0], len(order)))
        rows.append((task, [[n for _id, n, role in cells if role == part] for part in RACI_PARTS]))
    return rows
