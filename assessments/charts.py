"""Server-side SVG charts of the assessment: one code path for the page and the document.

Both functions take plain data (the shape of the section snapshot), never model instances, so
the PDF draws exactly what the page shows from a published version.
"""

from collections import defaultdict

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import HIGH_SCORE

WIDTH, HEIGHT = 680, 500
NOTE_HEIGHT = 24  # below the plot: how many stakeholders are not on it
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 20, 60
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
MAX_LABELS_PER_CELL = 4
QUADRANT_COLOURS = {
    "manage_closely": "#f8d7da",
    "keep_satisfied": "#fff3cd",
    "keep_informed": "#cfe2ff",
    "monitor": "#e9ecef",
}


def _x(score):
    # The axis runs from 0.5 to 5.5 so that each score sits in the middle of its cell.
    return LEFT + (score - 0.5) / 5 * PLOT_W


def _y(score):
    return TOP + PLOT_H - (score - 0.5) / 5 * PLOT_H


def _short(text, length):
    text = str(text)
    return text if len(text) <= length else text[: length - 1] + "…"


def unplaced_note(count):
    return ngettext(
        "%(count)s stakeholder not yet placed on the grid (interest or influence unknown)",
        "%(count)s stakeholders not yet placed on the grid (interest or influence unknown)",
        count,
    ) % {"count": count}


def power_interest_svg(stakeholders):
    """The power/interest grid. ``stakeholders``: dicts with name, interest and influence.

    A stakeholder whose interest or influence is unknown (None) is not drawn at any place it
    may not belong to: the grid says how many are left off instead.
    """
    placed = [s for s in stakeholders if None not in (s.get("interest"), s.get("influence"))]
    unplaced = len(stakeholders) - len(placed)
    stakeholders = placed
    height = HEIGHT + (NOTE_HEIGHT if unplaced else 0)
    split = HIGH_SCORE - 0.5
    mid_x, mid_y = _x(split), _y(split)
    left, right, top, bottom = LEFT, LEFT + PLOT_W, TOP, TOP + PLOT_H
    quadrants = [
        ("keep_satisfied", _("Keep satisfied"), left, top, mid_x - left, mid_y - top),
        ("manage_closely", _("Manage closely"), mid_x, top, right - mid_x, mid_y - top),
        ("monitor", _("Monitor"), left, mid_y, mid_x - left, bottom - mid_y),
        ("keep_informed", _("Keep informed"), mid_x, mid_y, right - mid_x, bottom - mid_y),
    ]
    title = _("Power/interest grid of %(count)s stakeholders") % {"count": len(stakeholders)}
    if unplaced:
        title = f"{title}; {unplaced_note(unplaced)}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart power-interest-grid" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="pig-title" font-family="sans-serif">',
        f'<title id="pig-title">{escape(title)}</title>',
    ]
    for key, label, x, y, w, h in quadrants:
        parts.append(
            f'<g class="quadrant quadrant-{key}"><rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" '
            f'height="{h:.1f}" fill="{QUADRANT_COLOURS[key]}" stroke="#6c757d"/>'
            f'<text x="{x + w - 6:.1f}" y="{y + 16:.1f}" text-anchor="end" font-size="13" '
            f'font-weight="bold" fill="#212529">{escape(label)}</text></g>'
        )
    for score in range(1, 6):
        parts.append(
            f'<text x="{_x(score):.1f}" y="{bottom + 16}" text-anchor="middle" '
            f'font-size="11" fill="#212529">{score}</text>'
            f'<text x="{left - 8}" y="{_y(score) + 4:.1f}" text-anchor="end" '
            f'font-size="11" fill="#212529">{score}</text>'
        )
    parts.append(
        f'<text x="{left + PLOT_W / 2:.1f}" y="{HEIGHT - 14}" text-anchor="middle" '
        f'font-size="13" fill="#212529">{escape(_("Interest"))} →</text>'
        f'<text x="18" y="{top + PLOT_H / 2:.1f}" text-anchor="middle" font-size="13" '
        f'fill="#212529" transform="rotate(-90 18 {top + PLOT_H / 2:.1f})">'
        f"{escape(_('Influence'))} →</text>"
    )
    cells = defaultdict(list)
    for s in stakeholders:
        cells[(s["interest"], s["influence"])].append(s)
    for (interest, influence), people in sorted(cells.items()):
        cx, cy = _x(interest), _y(influence)
        shown = people[:MAX_LABELS_PER_CELL]
        start = cy - (len(shown) - 1) * 7 - (7 if len(people) > len(shown) else 0)
        for index, s in enumerate(shown):
            py = start + index * 14
            name = escape(s["name"])
            parts.append(
                f'<g class="stakeholder"><title>{name} – {escape(_("interest"))} {interest}, '
                f"{escape(_('influence'))} {influence}</title>"
                f'<circle cx="{cx - 44:.1f}" cy="{py:.1f}" r="4" fill="#1d4e89"/>'
                f'<text x="{cx - 36:.1f}" y="{py + 4:.1f}" font-size="10" fill="#212529">'
                f"{escape(_short(s['name'], 16))}</text></g>"
            )
        if len(people) > len(shown):
            more = _("+ %(count)s more") % {"count": len(people) - len(shown)}
            parts.append(
                f'<text class="more" x="{cx - 36:.1f}" y="{start + len(shown) * 14 + 4:.1f}" '
                f'font-size="10" font-style="italic" fill="#495057">{escape(more)}</text>'
            )
    if unplaced:
        parts.append(
            f'<text class="not-shown" x="{left}" y="{HEIGHT + NOTE_HEIGHT / 2:.1f}" '
            f'font-size="12" font-style="italic" fill="#495057">'
            f"{escape(unplaced_note(unplaced))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every user string above is escaped
