"""The logic model as a chain diagram (SVG), drawn from plain data for the page and the PDF."""

import textwrap
from collections import defaultdict

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .models import Stage

COLUMN_W, GAP, BOX_H, BOX_GAP, HEADER_H, MARGIN = 150, 28, 54, 8, 34, 10
MAX_BOXES = 6
LINE_CHARS = 24
COLOURS = {1: "#e7f1ff", 2: "#e8f5e9", 3: "#fff8e1", 4: "#fce4ec", 5: "#ede7f6"}


def _lines(text, count=3):
    lines = textwrap.wrap(str(text), LINE_CHARS) or [""]
    if len(lines) > count:
        lines = lines[:count]
        lines[-1] = lines[-1][: LINE_CHARS - 1] + "…"
    return lines


def logic_model_svg(elements):
    """``elements``: dicts with ``stage`` (1-5) and ``statement``, in display order."""
    by_stage = defaultdict(list)
    for e in elements:
        by_stage[int(e["stage"])].append(e)
    rows = max([min(len(v), MAX_BOXES + 1) for v in by_stage.values()] + [1])
    width = MARGIN * 2 + 5 * COLUMN_W + 4 * GAP
    height = MARGIN * 2 + HEADER_H + rows * (BOX_H + BOX_GAP)
    title = _("Logic model: inputs, activities, outputs, outcomes and impact")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart logic-model" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="lm-title" font-family="sans-serif">',
        f'<title id="lm-title">{escape(title)}</title>',
        '<defs><marker id="lm-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#495057"/></marker>'
        "</defs>",
    ]
    for index, stage in enumerate(Stage):
        x = MARGIN + index * (COLUMN_W + GAP)
        parts.append(
            f'<g class="stage stage-{stage.value}"><rect x="{x}" y="{MARGIN}" width="{COLUMN_W}" '
            f'height="{HEADER_H - 6}" rx="4" fill="#1d4e89"/>'
            f'<text x="{x + COLUMN_W / 2}" y="{MARGIN + 19}" text-anchor="middle" font-size="13" '
            f'font-weight="bold" fill="#ffffff">{escape(stage.label)}</text>'
        )
        if index < 4:
            ax = x + COLUMN_W + 3
            ay = MARGIN + (HEADER_H - 6) / 2
            parts.append(
                f'<line class="arrow" x1="{ax}" y1="{ay}" x2="{ax + GAP - 6}" y2="{ay}" '
                f'stroke="#495057" stroke-width="2" marker-end="url(#lm-arrow)"/>'
            )
        items = by_stage.get(stage.value, [])
        shown = items[:MAX_BOXES] if len(items) > MAX_BOXES + 1 else items
        for row, element in enumerate(shown):
            y = MARGIN + HEADER_H + row * (BOX_H + BOX_GAP)
            text = "".join(
                f'<tspan x="{x + 6}" dy="{0 if i == 0 else 14}">{escape(line)}</tspan>'
                for i, line in enumerate(_lines(element["statement"]))
            )
            parts.append(
                f'<g class="element"><title>{escape(element["statement"])}</title>'
                f'<rect x="{x}" y="{y}" width="{COLUMN_W}" height="{BOX_H}" rx="4" '
                f'fill="{COLOURS[stage.value]}" stroke="#6c757d"/>'
                f'<text x="{x + 6}" y="{y + 16}" font-size="11" fill="#212529">{text}</text></g>'
            )
        if len(shown) < len(items):
            y = MARGIN + HEADER_H + len(shown) * (BOX_H + BOX_GAP) + 18
            more = _("+ %(count)s more") % {"count": len(items) - len(shown)}
            parts.append(
                f'<text class="more" x="{x + 6}" y="{y}" font-size="11" font-style="italic" '
                f'fill="#495057">{escape(more)}</text>'
            )
        if not items:
            y = MARGIN + HEADER_H + 18
            parts.append(
                f'<text class="empty" x="{x + 6}" y="{y}" font-size="11" font-style="italic" '
                f'fill="#6c757d">{escape(_("nothing yet"))}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every user string above is escaped
