"""The KPI line chart: one SVG string built on the server, for the page and the PDF alike.

It takes a KPI as snapshot data (``selectors.kpi_data``: ISO dates, values as strings) so the
document template can draw it from a published version without touching the database.
"""

import datetime
import math
from decimal import Decimal

from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.formatting import format_date, format_number
from plans.svgtext import text_width

COLOURS = {
    "axis": "#6c757d",
    "grid": "#dee2e6",
    "path": "#6c757d",
    "target": "#198754",
    "milestone": "#fd7e14",
    "baseline": "#0d6efd",
    "measure": "#0b3d91",
}


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _num(value):
    return None if value in (None, "") else float(value)


def _fmt(value):
    """A value with the decimals it needs, in the active language ("12,5" in French)."""
    number = Decimal(str(round(value, 2))).normalize()
    places = max(0, -number.as_tuple().exponent)
    return format_number(number, translation.get_language(), min(places, 2))


def nice_ticks(low, high, count=4):
    """Round axis values (steps of 1, 2, 2.5 or 5 times a power of ten) covering low..high."""
    raw = (high - low) / count or 1
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    return [first + i * step for i in range(round((last - first) / step) + 1)]


def kpi_chart_svg(data, *, width=640, height=240, compact=False):
    """An accessible SVG line chart of a KPI: baseline, target, milestones and measurements."""
    baseline = (_date(data.get("baseline_date")), _num(data.get("baseline_value")))
    target = (_date(data.get("target_date")), _num(data.get("target_value")))
    milestones = [(_date(m["date"]), _num(m["value"])) for m in data.get("milestones", [])]
    # What each target is called: its period as the plan wrote it, else its date.
    periods = {
        (_date(m["date"]), _num(m["value"])): m.get("period") or format_date(_date(m["date"]))
        for m in data.get("milestones", [])
        if m.get("date")
    }
    measures = [(_date(m["date"]), _num(m["value"])) for m in data.get("measurements", [])]
    points = [p for p in [baseline, target, *milestones, *measures] if p[0] and p[1] is not None]
    title = _("Chart of %(name)s") % {"name": data.get("name", "")}
    unit = data.get("unit") or ""
    desc = _("%(count)s measurements.") % {"count": len(measures)}
    if measures:
        desc += " " + _("Latest: %(value)s %(unit)s on %(date)s.") % {
            "value": _fmt(measures[-1][1]),
            "unit": unit,
            "date": format_date(measures[-1][0]),
        }
    if target[0] and target[1] is not None:
        desc += " " + _("Target: %(value)s %(unit)s by %(date)s.") % {
            "value": _fmt(target[1]),
            "unit": unit,
            "date": format_date(target[0]),
        }
    uid = f"kpi-chart-{data.get('id', 'x')}{'-c' if compact else ''}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kpi-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{uid}-t {uid}-d">'
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
    )
    if not points:
        text = escape(_("No baseline, target or measurement yet."))
        return mark_safe(  # noqa: S308 - every interpolated text is escaped above
            f'{head}<text x="{width / 2}" y="{height / 2}" text-anchor="middle" '
            f'font-size="12" fill="{COLOURS["axis"]}">{text}</text></svg>'
        )

    def given(point):
        return bool(point[0] and point[1] is not None)

    # The expected path: baseline, milestones, target.
    path = [p for p in [baseline, *sorted(milestones), target] if given(p)]
    before_baseline = [m for m in measures if baseline[0] and m[0] < baseline[0]]
    # Each kind of mark the chart draws, in drawing order: what the legend names.
    kinds = [
        kind
        for kind, drawn in (
            ("measure", bool(measures)),
            ("baseline", given(baseline)),
            ("milestone", any(given(m) for m in milestones)),
            ("target", given(target)),
            ("path", len(path) >= 2),
            ("history", bool(before_baseline)),
        )
        if drawn
    ]
    left, right, top, bottom = (8, 8, 8, 8) if compact else (56, 16, 22, 32)
    legend = [] if compact else [(kind, LEGEND_LABELS[kind]) for kind in kinds]
    legend_rows = _legend_rows(legend, width - left - right)
    bottom += LEGEND_ROW_H * len(legend_rows)
    dates = [p[0] for p in points]
    values = [p[1] for p in points]
    d0, d1 = min(dates), max(dates)
    if d0 == d1:
        d1 = d0 + datetime.timedelta(days=1)
    v0, v1 = min(values), max(values)
    pad = (v1 - v0) * 0.1 or abs(v0) * 0.1 or 1
    v0, v1 = v0 - pad, v1 + pad
    ticks = nice_ticks(v0, v1)
    if not compact:
        v0, v1 = ticks[0], ticks[-1]
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(d):
        return round(left + plot_w * (d - d0).days / (d1 - d0).days, 1)

    def y(v):
        return round(top + plot_h * (1 - (v - v0) / (v1 - v0)), 1)

    parts = [head]
    if not compact:
        for value in ticks:
            yy = y(value)
            parts.append(
                f'<line x1="{left}" y1="{yy}" x2="{width - right}" y2="{yy}" '
                f'stroke="{COLOURS["grid"]}" stroke-width="1"/>'
                f'<text x="{left - 6}" y="{yy + 4}" text-anchor="end" font-size="11" '
                f'fill="{COLOURS["axis"]}">{escape(_fmt(value))}</text>'
            )
        date_y = height - 10 - LEGEND_ROW_H * len(legend_rows)
        parts.append(
            f'<text x="{left}" y="{date_y}" font-size="11" fill="{COLOURS["axis"]}">'
            f"{escape(format_date(d0))}</text>"
            f'<text x="{width - right}" y="{date_y}" text-anchor="end" font-size="11" '
            f'fill="{COLOURS["axis"]}">{escape(format_date(d1))}</text>'
        )
        if unit:
            # The values' unit, above the axis it belongs to.
            parts.append(
                f'<text class="unit" x="{left - 6}" y="{top - 8}" text-anchor="end" '
                f'font-size="11" fill="{COLOURS["axis"]}">{escape(unit)}</text>'
            )
        parts.append(_legend_svg(legend_rows, left, date_y + LEGEND_ROW_H + 2))
    if "path" in kinds:
        coords = " ".join(f"{x(d)},{y(v)}" for d, v in path)
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{COLOURS["path"]}" '
            f'stroke-width="1.5" stroke-dasharray="5 4"><title>{escape(_("Expected path"))}'
            "</title></polyline>"
        )
    if "target" in kinds:
        ty = y(target[1])
        parts.append(
            f'<line x1="{left}" y1="{ty}" x2="{width - right}" y2="{ty}" '
            f'stroke="{COLOURS["target"]}" stroke-width="1" stroke-dasharray="2 3"/>'
            + _mark("target", x(target[0]), ty, f"{_('Target')}: {_fmt(target[1])}")
        )
    if "baseline" in kinds:
        parts.append(
            _mark(
                "baseline", x(baseline[0]), y(baseline[1]), f"{_('Baseline')}: {_fmt(baseline[1])}"
            )
        )
    for d, v in milestones:
        if given((d, v)):
            tip = f"{_('Target')}: {_fmt(v)} ({periods.get((d, v), '')})"
            parts.append(_mark("milestone", x(d), y(v), tip))
    if measures:
        coords = " ".join(f"{x(d)},{y(v)}" for d, v in measures)
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{COLOURS["measure"]}" '
            'stroke-width="2"/>'
        )
        radius = 2 if compact else 3
        for d, v in measures:
            tip = f"{format_date(d)}: {_fmt(v)}"
            if (d, v) in before_baseline:
                # History from before the baseline: drawn hollow, and said so.
                tip += f" ({_('before the baseline')})"
                parts.append(_mark("history", x(d), y(v), tip, radius=radius))
            else:
                parts.append(_mark("point", x(d), y(v), tip, radius=radius))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above


LEGEND_ROW_H = 16
LEGEND_GAP = 18  # between two items of the legend


def _legend_rows(items, room):
    """The legend's items laid out in rows no wider than ``room``: ``[[(kind, label, x)]]``."""
    rows, row, used = [], [], 0
    for kind, label in items:
        width = 16 + text_width(label, 11)
        if row and used + width > room:
            rows.append(row)
            row, used = [], 0
        row.append((kind, str(label), used))
        used += width + LEGEND_GAP
    if row:
        rows.append(row)
    return rows


LEGEND_LABELS = {
    "measure": gettext_lazy("Measurements"),
    "baseline": gettext_lazy("Baseline"),
    "milestone": gettext_lazy("Targets by period"),
    "target": gettext_lazy("Target"),
    "path": gettext_lazy("Expected path"),
    "history": gettext_lazy("Before the baseline"),
}


def _mark(kind, cx, cy, tip="", *, radius=3):
    """One mark of the chart centred on ``(cx, cy)``, as the plot and its legend draw it."""
    c = COLOURS
    title = f"<title>{escape(tip)}</title>" if tip else ""
    if kind == "baseline":
        return (
            f'<rect x="{cx - 4}" y="{cy - 4}" width="8" height="8" fill="{c["baseline"]}">'
            f"{title}</rect>"
        )
    if kind == "milestone":
        return (
            f'<polygon points="{cx},{cy - 6} {cx + 6},{cy} {cx},{cy + 6} {cx - 6},{cy}" '
            f'fill="{c["milestone"]}">{title}</polygon>'
        )
    if kind == "target":
        return f'<circle cx="{cx}" cy="{cy}" r="5" fill="{c["target"]}">{title}</circle>'
    if kind == "history":
        return (
            f'<circle cx="{cx}" cy="{cy}" r="{radius}" fill="#fff" stroke="{c["measure"]}" '
            f'stroke-width="1.5" class="history">{title}</circle>'
        )
    if kind == "point":
        return f'<circle cx="{cx}" cy="{cy}" r="{radius}" fill="{c["measure"]}">{title}</circle>'
    # Lines: the measurements (with a point on them) and the expected path.
    if kind == "measure":
        line = f'stroke="{c["measure"]}" stroke-width="2"'
    else:
        line = f'stroke="{c["path"]}" stroke-width="1.5" stroke-dasharray="4 3"'
    point = _mark("point", cx, cy) if kind == "measure" else ""
    return f'<line x1="{cx - 6}" y1="{cy}" x2="{cx + 6}" y2="{cy}" {line}/>{point}'


def _legend_svg(rows, left, y0):
    """The legend under the chart: one mark and its name for each kind of mark drawn."""
    if not rows:
        return ""
    out = ['<g class="legend">']
    for number, row in enumerate(rows):
        y = y0 + number * LEGEND_ROW_H
        for kind, label, offset in row:
            x = round(left + offset, 1)
            out.append(
                f'{_mark(kind, x + 6, y - 4)}<text x="{x + 16}" y="{y}" font-size="11" '
                f'fill="{COLOURS["axis"]}">{escape(label)}</text>'
            )
    out.append("</g>")
    return "".join(out)
