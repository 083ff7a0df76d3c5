"""The risk heat map: one SVG function for the page and the plan document."""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import IMPACT_LABELS, LIKELIHOOD_LABELS, level

CELL = 58
LEFT = 120
TOP = 30
FILL = {"low": "#d1e7dd", "medium": "#fff3cd", "high": "#ffd8a8", "critical": "#f8d7da"}
NOTE_HEIGHT = 20  # below the grid: how many risks are not on it


def unrated_note(count):
    note = ngettext("%(count)s risk not yet rated", "%(count)s risks not yet rated", count)
    return note % {"count": count}


def heatmap_svg(counts, *, link=None, selected=None, chart_id="heatmap", htmx_target=None):
    """A 5 x 5 grid, likelihood up the side and impact along the bottom, with counts per cell.

    ``counts``: ``{(likelihood, impact): n}``. ``link(likelihood, impact)`` gives each cell's
    URL (the page filters the register with it); without it the map is a plain picture (PDF).
    Risks not yet rated (a key holding ``None``) have no cell: the map says how many there are.
    """
    unrated = sum(n for key, n in counts.items() if None in key)
    counts = {key: n for key, n in counts.items() if None not in key}
    width = LEFT + 5 * CELL + 20
    height = TOP + 5 * CELL + 50 + (NOTE_HEIGHT if unrated else 0)
    total = sum(counts.values())
    title_id = f"{chart_id}-title"
    title = _("Risk heat map: %(count)s risks by likelihood and impact") % {"count": total}
    if unrated:
        title = f"{title}; {unrated_note(unrated)}"
    likelihood_word = escape(_("Likelihood"))
    impact_word = escape(_("Impact"))
    out = [
        # role="group", not "img": the cells are links, and an image cannot hold controls.
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart heatmap" '
        f'role="{"group" if link else "img"}" '
        f'aria-labelledby="{title_id}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" font-family="sans-serif" font-size="11">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<text x="12" y="{TOP + 5 * CELL / 2}" transform="rotate(-90 12 {TOP + 5 * CELL / 2})" '
        f'text-anchor="middle" font-weight="bold">{likelihood_word}</text>',
        f'<text x="{LEFT + 5 * CELL / 2}" y="{TOP + 5 * CELL + 44}" text-anchor="middle" '
        f'font-weight="bold">{impact_word}</text>',
    ]
    for likelihood in range(1, 6):
        y = TOP + (5 - likelihood) * CELL
        out.append(
            f'<text x="{LEFT - 6}" y="{y + CELL / 2 + 4}" text-anchor="end">'
            f"{likelihood} {escape(LIKELIHOOD_LABELS[likelihood])}</text>"
        )
        for impact in range(1, 6):
            x = LEFT + (impact - 1) * CELL
            n = counts.get((likelihood, impact), 0)
            band = level(likelihood * impact)
            is_selected = selected == (likelihood, impact)
            label = _("Likelihood %(likelihood)s, impact %(impact)s: %(count)s risks") % {
                "likelihood": likelihood,
                "impact": impact,
                "count": n,
            }
            cell = (
                f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{FILL[band]}" '
                f'stroke="{"#1d4e89" if is_selected else "#ffffff"}" '
                f'stroke-width="{3 if is_selected else 2}"></rect>'
                f'<text x="{x + CELL / 2}" y="{y + CELL / 2 + 5}" text-anchor="middle" '
                f'font-size="{16 if n else 11}" font-weight="{"bold" if n else "normal"}" '
                f'fill="{"#212529" if n else "#6c757d"}">{n if n else "·"}</text>'
            )
            if link is not None:
                url = escape(link(likelihood, impact))
                htmx = (
                    f' hx-get="{url}" hx-target="{htmx_target}" hx-swap="outerHTML" '
                    f'hx-push-url="true"'
                    if htmx_target
                    else ""
                )
                out.append(
                    f'<a href="{url}"{htmx} aria-label="{escape(label)}">'
                    f"<title>{escape(label)}</title>{cell}</a>"
                )
            else:
                out.append(f"<g><title>{escape(label)}</title>{cell}</g>")
    for impact in range(1, 6):
        x = LEFT + (impact - 1) * CELL
        out.append(
            f'<text x="{x + CELL / 2}" y="{TOP + 5 * CELL + 14}" text-anchor="middle">{impact}'
            f"</text>"
            f'<text x="{x + CELL / 2}" y="{TOP + 5 * CELL + 27}" text-anchor="middle" '
            f'font-size="9">{escape(IMPACT_LABELS[impact])}</text>'
        )
    if unrated:
        out.append(
            f'<text class="not-shown" x="{LEFT}" y="{height - 4}" font-style="italic" '
            f'fill="#495057">{escape(unrated_note(unrated))}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
