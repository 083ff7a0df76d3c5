"""Amounts that fit their column: the document's tables are laid out at fixed widths
(``<col class="w-NN">``, in percent of the text width), and an amount never wraps, so a budget
in the thousands of billions would run into the next column.

While the document's HTML is built, each ``.doc-table`` with figure cells (``td.num``,
``th.num``) is measured with the font the PDF uses (DejaVu Sans, static/fonts, advance widths
read with fontTools). When a figure is wider than its column, the figure columns are widened,
taking the width from the widest text columns (never below what their longest word needs);
when that is not enough, the figures are set smaller through a class on the table
(``amounts-90`` … ``amounts-70``, 6 pt at the smallest), and only if even that cannot fit they
may wrap (``amounts-wrap``). Tables whose figures fit are left as they are, byte for byte.
"""

import math
import re
from functools import lru_cache

MM = 72 / 25.4
TEXT_WIDTH_PT = 176 * MM  # A4 less the 17 mm margins (static/css/document.css, @page)
PADDING_PT = 2 * 1.5 * MM  # a cell's left and right padding
TABLE_FONT_PT = 8.5
# Font sizes the figures may be set at, in percent of the table's; 70 % is 6 pt, the floor.
SCALES = (100, 90, 80, 70)
# A text column keeps at least this share of the table, and room for its longest word.
MIN_TEXT_PERCENT = 8
# Kerning, rounding and the cell's border: a little room the advance widths do not count.
SAFETY = 1.04

FONTS = {False: "fonts/DejaVuSans.ttf", True: "fonts/DejaVuSans-Bold.ttf"}

_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
_TABLE_TAG = re.compile(r"<table\b[^>]*>")
_COL = re.compile(r'<col class="w-(\d+)([^"]*)">')
_CLASS = re.compile(r'\bclass="([^"]*)"')


@lru_cache(maxsize=2)
def _metrics(bold):
    """The font's advance width per character, in ems, and the width of a missing glyph."""
    from django.contrib.staticfiles import finders
    from fontTools.ttLib import TTFont

    font = TTFont(finders.find(FONTS[bold]), lazy=True)
    units = font["head"].unitsPerEm
    advances = font["hmtx"].metrics
    widths = {chr(code): advances[name][0] / units for code, name in font.getBestCmap().items()}
    return widths, advances[".notdef"][0] / units


def text_width(text, size, *, bold=False):
    """The width of ``text`` set in DejaVu Sans at ``size``, in the unit ``size`` is in."""
    widths, missing = _metrics(bold)
    return sum(widths.get(char, missing) for char in str(text)) * size


def _percent(width_pt):
    """The share of the table a cell needs for a line ``width_pt`` wide."""
    return (width_pt * SAFETY + PADDING_PT) / TEXT_WIDTH_PT * 100


def _lines(cell):
    """The cell's lines of text (a ``<br>`` starts a new one), spaces collapsed."""
    for br in cell.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return [" ".join(line.split()) for line in cell.text_content().split("\n")]


def measure(table):
    """Per column: whether it holds figures, the width (percent of the table) its widest
    figure line needs at the table's font size, and the width its longest word needs."""
    columns = {}
    for row in table.iter("tr"):
        index = 0
        for cell in row:
            if cell.tag not in ("td", "th"):
                continue
            span = max(1, int(cell.get("colspan") or 1))
            if span == 1:
                column = columns.setdefault(index, {"num": False, "line": 0.0, "word": 0.0})
                bold = cell.tag == "th"
                in_head = row.getparent() is not None and row.getparent().tag == "thead"
                lines = _lines(cell)
                words = [word for line in lines for word in line.split()]
                longest = max((text_width(w, TABLE_FONT_PT, bold=bold) for w in words), default=0)
                column["word"] = max(column["word"], _percent(longest))
                if "num" in (cell.get("class") or "").split() and not in_head:
                    column["num"] = True
                    widest = max(text_width(ln, TABLE_FONT_PT, bold=bold) for ln in lines)
                    column["line"] = max(column["line"], _percent(widest))
            index += span
    return [columns.get(i, {"num": False, "line": 0.0, "word": 0.0}) for i in range(len(columns))]


def _widen(widths, columns, scale, *, floors):
    """The widths with every figure column as wide as its figures need at ``scale`` percent
    of the font size, the width taken one percent at a time from the widest text column
    above its floor; None when the text columns cannot give enough."""
    out = list(widths)
    needs = {
        i: math.ceil((c["line"] - _percent(0)) * scale / 100 + _percent(0))
        for i, c in enumerate(columns)
        if c["num"]
    }
    for i, need in needs.items():
        out[i] = max(out[i], need)
    excess = sum(out) - sum(widths)
    donors = [i for i, c in enumerate(columns) if not c["num"]]
    while excess > 0:
        givers = [i for i in donors if out[i] > floors[i]]
        if not givers:
            return None
        widest = max(givers, key=lambda i: out[i])
        out[widest] -= 1
        excess -= 1
    return out


def fit(widths, columns):
    """``(widths, scale)``: the column widths and the figures' font size (percent) at which
    every figure fits its column, or ``(widths, None)`` when none does (the figures wrap)."""
    if all(c["line"] <= w for w, c in zip(widths, columns, strict=True) if c["num"]):
        return widths, 100
    whole_words = [
        min(w, max(MIN_TEXT_PERCENT, math.ceil(c["word"])))
        for w, c in zip(widths, columns, strict=True)
    ]
    for scale in SCALES:
        fitted = _widen(widths, columns, scale, floors=whole_words)
        if fitted is not None:
            return fitted, scale
    # Figures at 6 pt still need more: the text columns may go narrower than their longest
    # word (it wraps, overflow-wrap), a figure must not run out of its cell.
    narrow = [min(w, MIN_TEXT_PERCENT) for w in widths]
    fitted = _widen(widths, columns, SCALES[-1], floors=narrow)
    if fitted is not None:
        return fitted, SCALES[-1]
    # Not even then (a total in the millions of billions in a table of many figures): the
    # figure columns share what is left by what they need, and their figures wrap.
    figures = [i for i, c in enumerate(columns) if c["num"]]
    room = sum(widths) - sum(narrow[i] for i in range(len(widths)) if i not in figures)
    needed = sum(columns[i]["line"] for i in figures)
    out = list(narrow)
    for i in figures:
        out[i] = math.floor(room * columns[i]["line"] / needed)
    out[figures[-1]] += sum(widths) - sum(out)
    return out, None


def _fit_table(source):
    import lxml.html

    tag = _TABLE_TAG.match(source).group(0)
    classes = _CLASS.search(tag)
    if source.count("<table") > 1 or not classes or "doc-table" not in classes.group(1).split():
        return source  # a nested table, or not a document table
    widths = [int(m.group(1)) for m in _COL.finditer(source)]
    if not widths:
        return source
    columns = measure(lxml.html.fragment_fromstring(source))
    if len(columns) != len(widths) or not any(c["num"] for c in columns):
        return source
    fitted, scale = fit(widths, columns)
    if fitted == widths and scale == 100:
        return source
    numbers = iter(fitted)
    source = _COL.sub(lambda m: f'<col class="w-{next(numbers)}{m.group(2)}">', source)
    extra = "amounts-wrap" if scale is None else f"amounts-{scale}" if scale < 100 else ""
    if extra:
        refitted = tag.replace(classes.group(0), f'class="{classes.group(1)} {extra}"', 1)
        source = refitted + source[len(tag) :]
    return source


def fit_tables(html):
    """``html`` with each document table whose figures would overflow refitted."""
    return _TABLE.sub(lambda match: _fit_table(match.group(0)), html)
