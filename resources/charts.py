"""The budget chart: one SVG function for the page and the plan document.

Amounts arrive as Decimals or their strings (snapshot data); floats are used only to place
pixels, never to add money.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from documents.fitting import text_width

from .formatting import format_money, to_decimal

COLOURS = {"planned": "#9ec5fe", "committed": "#3d8bfd", "spent": "#0a3d7a"}
ROW = 34
FONT_SIZE = 12
WIDTH = 630
LABEL_W = 170
VALUE_W = 130  # at least: wider when an amount needs it, the bars get what is left
MIN_BAR_W = 160
GAP = 8  # between a label or an amount and the bars
EDGE = 4  # kept free at each side of the chart
ELLIPSIS = "…"


def fit_label(text, max_width, size=FONT_SIZE):
    """``text``, shortened with an ellipsis to at most ``max_width``, measured with the
    font the document draws the chart in (an estimate would let a label run out of the
    chart's left side)."""
    text = str(text)
    if text_width(text, size) <= max_width:
        return text
    while text and text_width(text.rstrip() + ELLIPSIS, size) > max_width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def _value_layout(amounts):
    """The amounts' column width and font size: as wide as the widest amount, taken from
    the bars down to ``MIN_BAR_W``, then a smaller font for what still does not fit."""
    widest = max((text_width(a, FONT_SIZE) for a in amounts), default=0)
    room = WIDTH - LABEL_W - MIN_BAR_W - GAP - EDGE
    value_w = min(max(VALUE_W, widest + GAP + EDGE), room + GAP + EDGE)
    size = FONT_SIZE if widest <= room else FONT_SIZE * room / widest
    return value_w, round(size, 2)


def budget_chart_svg(rows, *, title, currency, language="en", chart_id="budget-chart"):
    """Horizontal bars, one row per group: planned, with committed and spent inside it.

    ``rows``: ``[{"label": str, "planned": ..., "committed": ..., "spent": ...}]``.
    """
    width = WIDTH
    height = 46 + ROW * max(len(rows), 1) + 10
    peak = max(
        (to_decimal(r[key]) for r in rows for key in ("planned", "committed", "spent")),
        default=0,
    )
    peak = peak or 1
    amounts = [format_money(to_decimal(r["planned"]), currency, language) for r in rows]
    value_w, value_size = _value_layout(amounts)
    bar_w = WIDTH - LABEL_W - value_w
    size_attr = f' font-size="{value_size:g}"' if value_size != FONT_SIZE else ""
    title_id = f"{chart_id}-title"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{title_id}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" font-family="sans-serif" font-size="{FONT_SIZE}">',
        f'<title id="{title_id}">{escape(title)}</title>',
    ]
    legend = [
        ("planned", _("Planned")),
        ("committed", _("Committed")),
        ("spent", _("Spent")),
    ]
    x = LABEL_W
    for key, label in legend:
        parts.append(
            f'<rect x="{x}" y="8" width="12" height="12" fill="{COLOURS[key]}"></rect>'
            f'<text x="{x + 16}" y="18">{escape(label)}</text>'
        )
        x += 100
    if not rows:
        empty = escape(_("No budget lines yet."))
        parts.append(f'<text x="{LABEL_W}" y="60">{empty}</text>')
    for i, row in enumerate(rows):
        y = 36 + i * ROW
        planned = to_decimal(row["planned"])
        committed = to_decimal(row["committed"])
        spent = to_decimal(row["spent"])

        def w(value):
            return round(float(value / peak) * bar_w, 1)

        amount = amounts[i]
        tooltip = _("Planned: %(planned)s · committed: %(committed)s · spent: %(spent)s") % {
            "planned": amount,
            "committed": format_money(committed, currency, language),
            "spent": format_money(spent, currency, language),
        }
        parts.append(
            f"<g><title>{escape(row['label'])} – {escape(tooltip)}</title>"
            f'<text x="{LABEL_W - GAP}" y="{y + 16}" text-anchor="end">'
            f"{escape(fit_label(row['label'], LABEL_W - GAP - EDGE))}</text>"
            f'<rect x="{LABEL_W}" y="{y + 2}" width="{w(planned)}" height="22" '
            f'fill="{COLOURS["planned"]}"></rect>'
            f'<rect x="{LABEL_W}" y="{y + 7}" width="{w(committed)}" height="12" '
            f'fill="{COLOURS["committed"]}"></rect>'
            f'<rect x="{LABEL_W}" y="{y + 10}" width="{w(spent)}" height="6" '
            f'fill="{COLOURS["spent"]}"></rect>'
            f'<text x="{LABEL_W + bar_w + GAP}" y="{y + 16}"{size_attr}>{escape(amount)}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def budget_charts(summary, language):
    """The page's two charts of a ``budget_summary``: by category and by funding source."""
    return {
        key: budget_chart_svg(
            summary[f"by_{key}"],
            title=title,
            currency=summary["currency"],
            language=language,
            chart_id=f"budget-by-{key}",
        )
        for key, title in (
            ("category", _("Budget by category")),
            ("source", _("Budget by funding source")),
        )
    }
