"""Reading where things landed on the PDF's pages, with pdfplumber: the words with their boxes,
the cells of a table, how far down a page the text goes.

Units are PDF points (1/72 in), measured from the top of the page, as pdfplumber gives them.
"""

import io
from contextlib import contextmanager

MM = 72 / 25.4
PAGE_HEIGHT = 297 * MM
# The interior pages' text area (static/css/document.css, ``@page``): what lies above or below
# is the running header and footer.
TOP_MARGIN = 22 * MM
BOTTOM_MARGIN = 20 * MM
TEXT_TOP = TOP_MARGIN
TEXT_BOTTOM = PAGE_HEIGHT - BOTTOM_MARGIN
# Text this large (the rotated DRAFT mark is 96 pt) is not the page's content.
LARGEST_TEXT = 40


@contextmanager
def open_pdf(content):
    import pdfplumber

    with pdfplumber.open(io.BytesIO(content)) as pdf:
        yield pdf


def _content_only(page):
    """The page without the DRAFT mark: its letters are rotated and huge."""
    return page.filter(
        lambda obj: (
            obj.get("object_type") != "char"
            or (obj.get("upright", True) and obj.get("size", 0) < LARGEST_TEXT)
        )
    )


def words(page):
    """The words of ``page`` (the DRAFT mark left out), each a dict with ``text`` and its box
    ``x0``, ``x1``, ``top``, ``bottom``. Words are split at spaces only: a no-break space (in
    "52 000,00 €") keeps an amount one word."""
    return _content_only(page).extract_words(keep_blank_chars=False)


def body_words(page):
    """The words inside the text area: not the running header and footer."""
    return [w for w in words(page) if w["top"] >= TEXT_TOP - 1 and w["bottom"] <= TEXT_BOTTOM + 1]


def filled(page):
    """How much of the text area's height the page's text uses: from the top of the area to
    its lowest line, 0 for a page without text, 1 for a full page."""
    lowest = max((w["bottom"] for w in body_words(page)), default=TEXT_TOP)
    return (lowest - TEXT_TOP) / (TEXT_BOTTOM - TEXT_TOP)


def _rules(page):
    """The horizontal rules of ``page`` as ``(x0, x1, y)``: the cells' bottom borders, each
    drawn the width of its cell."""
    rules = [(line["x0"], line["x1"], line["top"]) for line in page.lines if line["height"] < 0.5]
    rules += [
        (r["x0"], r["x1"], (r["top"] + r["bottom"]) / 2) for r in page.rects if r["height"] < 2
    ]
    return rules


def table_cells(page, *, tallest=150):
    """The cells of the tables on ``page`` as ``(x0, top, x1, bottom)``. A document table draws
    a rule under each cell, as wide as the cell: a cell lies between two rules of the same
    extent, one above the other (no further apart than ``tallest`` points, so that two
    tables with the same columns are not taken for one)."""
    columns = {}
    for x0, x1, y in _rules(page):
        columns.setdefault((round(x0, 1), round(x1, 1)), set()).add(round(y, 1))
    for rect in page.rects:  # a header cell's background: its top is the cell's
        extent = (round(rect["x0"], 1), round(rect["x1"], 1))
        if extent in columns:
            columns[extent].add(round(rect["top"], 1))
    cells = []
    for (x0, x1), ys in columns.items():
        ys = sorted(ys)
        cells += [
            (x0, top, x1, bottom)
            for top, bottom in zip(ys, ys[1:], strict=False)
            if bottom - top < tallest
        ]
    return cells


def cell_of(word, cells):
    """The cell ``word`` starts in (its first letter and its middle inside), or None."""
    start, middle = word["x0"] + 1, (word["top"] + word["bottom"]) / 2
    inside = [c for c in cells if c[0] < start < c[2] and c[1] < middle < c[3]]
    return min(inside, key=lambda c: c[3] - c[1], default=None)


def words_by_cell(page):
    """``{cell: [words]}`` for the words of ``page`` that sit in a table's cell."""
    cells = table_cells(page)
    found = {}
    for word in words(page):
        cell = cell_of(word, cells)
        if cell is not None:
            found.setdefault(cell, []).append(word)
    return found
