"""The Gantt chart: one SVG function for the page and the plan document.

It reads plain data (dicts with ISO dates or dates), so the page and the PDF draw the same
chart from the same facts.
"""

import datetime

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from plans.dates import DATE_MAX, DATE_MIN
from plans.formatting import format_date, format_month
from plans.svgtext import text_width, wrap_text

LABEL_W = 230
LABEL_PAD = 6
FONT_SIZE = 11
# Month labels every 1, 2, 3, 6 or 12 months: the smallest step at which they cannot touch.
TICK_STEPS = (1, 2, 3, 6, 12)
TICK_GAP = 10
CHART_W = 720
ROW_H = 20
LINE_H = 12  # a title's second line adds this much to its row
LABEL_LINES = 2
TOP = 34
COLOURS = {
    "not_started": "#adb5bd",
    "in_progress": "#3d8bfd",
    "blocked": "#fd7e14",
    "done": "#198754",
    "late": "#dc3545",
}


def as_date(value):
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def _months(first, last):
    """The first day of every month from ``first``'s to ``last``'s, by year and month (adding
    days to a date would overflow in December 9999)."""
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield datetime.date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def month_ticks(first, last, chart_width=CHART_W, font_size=FONT_SIZE):
    """The months that get a label, their label and the step between them (in months).

    The step is the smallest of ``TICK_STEPS`` for which the room between two labels is wider
    than the widest label, so labels never collide however long the plan runs; labels sit on
    months that are multiples of the step (January, July… for six months).
    """
    span = (last - first).days + 1
    months = [m for m in _months(first, last) if m >= first]
    per_month = chart_width * 30.44 / span

    def label(month, step):
        return str(month.year) if step >= 12 else format_month(month)

    for step in (*TICK_STEPS, *(12 * n for n in range(2, 100))):
        widest = max((text_width(label(m, step), font_size) for m in months), default=0)
        if step * per_month >= widest + TICK_GAP:
            break
    ticks = [(m, label(m, step)) for m in months if (m.month - 1) % min(step, 12) == 0]
    if step > 12:
        ticks = [(m, text) for m, text in ticks if m.year % (step // 12) == 0]
    return ticks, step


def drawable(day):
    """``day`` within the years a chart draws (``plans/dates.py``): a row stored before the
    bound (9999-12-31) is drawn at the chart's edge instead of overflowing a date."""
    return min(max(day, DATE_MIN), DATE_MAX)


def task_dates(task):
    """A task's ``(start, due)`` as dates; either may be None (a task with one date is drawn
    as a mark on that date)."""
    return as_date(task.get("start_date")), as_date(task.get("due_date"))


def is_drawn(task):
    return any(task_dates(task))


def label_lines(title, *, bold=False):
    """A title in the label column: up to two lines, cut with an ellipsis after that (the
    full title is in the row's ``<title>``)."""
    return wrap_text(title, LABEL_W - 2 * LABEL_PAD, FONT_SIZE, bold=bold, lines=LABEL_LINES)


def row_height(lines):
    return ROW_H + (len(lines) - 1) * LINE_H


def _label(lines, y, *, bold=False, fill=""):
    weight = ' font-weight="bold"' if bold else ""
    if len(lines) == 1:
        body = escape(lines[0])
    else:
        body = "".join(
            f'<tspan x="{LABEL_PAD}" y="{y + 14 + i * LINE_H}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
    return f'<text class="label" x="{LABEL_PAD}" y="{y + 14}"{weight}{fill}>{body}</text>'


def gantt_svg(
    tasks,
    milestones=(),
    *,
    start=None,
    end=None,
    today=None,
    published_on=None,
    chart_id="gantt",
    chart_width=CHART_W,
):
    """Bars per task, arrows for dependencies, diamonds for milestones and a line for today.

    ``tasks``: dicts with ``id, title, start_date, due_date, status, progress, depends_on``
    (ids). A task with both dates is a bar; with one date, a mark on it. Late tasks (due
    before the reference day and not done) are drawn in red.
    ``milestones``: dicts with ``title, date``. ``chart_width``: the width of the time axis
    (the document draws a narrower chart, so that its text stays large enough once the chart
    is scaled to the page).
    ``published_on``: a published document's chart is as of its publication: the line is
    drawn there, named so, and lateness is reckoned on that day (a line for "today" would be
    wrong the day after signing). Otherwise the line is today.
    """
    today = as_date(published_on) or today or datetime.date.today()  # noqa: DTZ011 - a date
    dated = [t for t in tasks if is_drawn(t)]
    marks = [m for m in milestones if as_date(m.get("date"))]
    dates = [d for t in dated for d in task_dates(t) if d]
    dates += [as_date(m["date"]) for m in marks]
    first = as_date(start) or (min(dates) if dates else today)
    last = as_date(end) or (max(dates) if dates else today + datetime.timedelta(days=90))
    if dates:
        first, last = min(first, min(dates)), max(last, max(dates))
    first, last = drawable(first), drawable(last)
    if last <= first:
        last = first + datetime.timedelta(days=30)
    span = (last - first).days + 1

    def x(day):
        return round(LABEL_W + (drawable(as_date(day)) - first).days / span * chart_width, 1)

    mark_lines = [label_lines("◆ " + str(m["title"]), bold=True) for m in marks]
    task_lines = [label_lines(t["title"]) for t in dated]
    height = TOP + max(sum(row_height(lines) for lines in mark_lines + task_lines), ROW_H) + 16
    width = LABEL_W + chart_width + 10
    title_id = f"{chart_id}-title"
    title = _("Gantt chart: %(tasks)s tasks and %(milestones)s milestones") % {
        "tasks": len(dated),
        "milestones": len(marks),
    }
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart gantt" role="img" '
        f'aria-labelledby="{title_id}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" font-family="sans-serif" font-size="{FONT_SIZE}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<defs><marker id="{chart_id}-arrow" viewBox="0 0 8 8" refX="7" refY="4" '
        'markerWidth="6" markerHeight="6" orient="auto-start-reverse">'
        '<path d="M0,0 L8,4 L0,8 z" fill="#495057"></path></marker></defs>',
    ]
    # Month grid (every month while that stays readable) and labels at the chosen step.
    ticks, step = month_ticks(first, last, chart_width)
    if step <= 3:
        for month in _months(first, last):
            if month >= first:
                mx = x(month)
                out.append(
                    f'<line x1="{mx}" y1="{TOP - 6}" x2="{mx}" y2="{height - 10}" '
                    'stroke="#eef0f2"></line>'
                )
    for month, text in ticks:
        mx = x(month)
        out.append(
            f'<line class="tick" x1="{mx}" y1="{TOP - 6}" x2="{mx}" y2="{height - 10}" '
            'stroke="#ced4da"></line>'
        )
        if mx + 2 + text_width(text, FONT_SIZE) <= width:
            out.append(
                f'<text class="month" x="{mx + 2}" y="{TOP - 10}" fill="#495057">'
                f"{escape(text)}</text>"
            )
    milestone_word = escape(_("Milestone"))
    y = TOP
    for m, lines in zip(marks, mark_lines, strict=True):
        mx = x(m["date"])
        label = f"{m['title']} – {format_date(as_date(m['date']))}"
        out.append(
            f'<g class="milestone"><title>{milestone_word}: {escape(label)}</title>'
            f"{_label(lines, y, bold=True)}"
            f'<path d="M{mx},{y + 3} L{mx + 7},{y + 10} L{mx},{y + 17} L{mx - 7},{y + 10} z" '
            'fill="#6f42c1"></path></g>'
        )
        y += row_height(lines)
    ends = {}
    for t, lines in zip(dated, task_lines, strict=True):
        s, d = task_dates(t)
        late = d is not None and d < today and t.get("status") != "done"
        colour = COLOURS["late"] if late else COLOURS.get(t.get("status"), COLOURS["not_started"])
        reported = t.get("progress") is not None
        progress = max(0, min(100, int(t.get("progress") or 0)))
        state = _("late") if late else t.get("status_label", t.get("status", ""))
        shown = f"{progress} %" if reported else _("progress not reported")
        if s and d:
            when = f"{format_date(s)} → {format_date(d)}"
        elif d:
            when = _("due %(date)s") % {"date": format_date(d)}
        else:
            when = _("starts %(date)s") % {"date": format_date(s)}
        tip = f"{t['title']} – {when} · {state} · {shown}"
        late_fill = ' fill="#b02a37"' if late else ""
        out.append(
            f'<g class="task{" late" if late else ""}"><title>{escape(tip)}</title>'
            f"{_label(lines, y, fill=late_fill)}"
        )
        if s and d:
            x1, x2 = x(s), x(drawable(d) + datetime.timedelta(days=1))
            bar_w = round(max(x2 - x1, 2), 1)
            out.append(
                f'<rect x="{x1}" y="{y + 4}" width="{bar_w}" height="12" rx="2" '
                f'fill="{colour}" fill-opacity="0.45"></rect>'
                f'<rect x="{x1}" y="{y + 4}" width="{round(bar_w * progress / 100, 1)}" '
                f'height="12" rx="2" fill="{colour}"></rect></g>'
            )
        else:
            # One date: a hollow diamond on it, in the task's colour.
            x1 = x2 = x(s or d)
            out.append(
                f'<path class="single-date" d="M{x1},{y + 4} L{x1 + 6},{y + 10} L{x1},{y + 16} '
                f'L{x1 - 6},{y + 10} z" fill="#fff" stroke="{colour}" stroke-width="2"></path></g>'
            )
        ends[t["id"]] = (x1, x2, y + 10)
        y += row_height(lines)
    for t in dated:
        target = ends.get(t["id"])
        for dep in t.get("depends_on") or ():
            source = ends.get(dep)
            if not source or not target:
                continue
            sx, sy = source[1], source[2]
            tx, ty = target[0], target[2]
            mid = max(sx + 4, tx - 6)
            out.append(
                f'<path d="M{sx},{sy} L{mid},{sy} L{mid},{ty} L{tx},{ty}" fill="none" '
                f'stroke="#495057" stroke-width="1" marker-end="url(#{chart_id}-arrow)"></path>'
            )
    if first <= today <= last:
        tx = x(today)
        if published_on:
            word = escape(_("Published %(date)s") % {"date": format_date(today)})
            css = "published"
        else:
            word, css = escape(_("Today")), "today"
        anchor = ' text-anchor="end"' if tx + 3 + text_width(word, FONT_SIZE) > width else ""
        text_x = tx - 3 if anchor else tx + 3
        out.append(
            f'<g class="{css}"><title>{word}</title>'
            f'<line x1="{tx}" y1="{TOP - 6}" x2="{tx}" y2="{height - 10}" stroke="#dc3545" '
            'stroke-width="1.5" stroke-dasharray="4 3"></line>'
            f'<text x="{text_x}" y="{height - 2}" fill="#b02a37"{anchor}>{word}</text></g>'
        )
    if not dated and not marks:
        empty = escape(_("No dated tasks or milestones yet."))
        out.append(f'<text x="{LABEL_W}" y="{TOP + 14}">{empty}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
