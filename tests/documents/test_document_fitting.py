"""documents.fitting, without rendering: a table whose figures fit is left alone; one whose
figures do not gets wider figure columns, then smaller figures, never a width the document's
stylesheet does not have."""

import re
from pathlib import Path

from django.conf import settings

from documents.fitting import fit_tables, text_width

NBSP = "\u00a0"
CSS = (Path(settings.BASE_DIR) / "static" / "css" / "document.css").read_text()


def table(widths, row, *, figures=None):
    """A document table of one row; its last ``figures`` columns (all but the first unless
    told) hold figures."""
    figures = len(widths) - 1 if figures is None else figures
    first = len(widths) - figures
    cols = "".join(f'<col class="w-{w}">' for w in widths)
    heads = "".join(
        '<th class="num">Planned</th>' if i >= first else "<th>Label</th>"
        for i in range(len(widths))
    )
    cells = "".join(
        f'<td class="num">{c}</td>' if i >= first else f"<td>{c}</td>" for i, c in enumerate(row)
    )
    return (
        f'<table class="doc-table"><colgroup>{cols}</colgroup><thead><tr>{heads}</tr></thead>'
        f"<tbody><tr>{cells}</tr></tbody></table>"
    )


def amount(digits):
    groups = f"{int('5' + '0' * (digits - 1)):,}".replace(",", NBSP)
    return f"{groups},00{NBSP}CAD"


def widths_of(html):
    return [int(w) for w in re.findall(r'<col class="w-(\d+)">', html)]


def test_the_font_is_measured_with_its_real_widths():
    # DejaVu Sans: digits are 0.636 em, a space 0.318 em; bold is wider.
    assert round(text_width("0000", 10), 1) == 25.4
    assert round(text_width(" ", 10), 2) == 3.18
    assert text_width("Total", 10, bold=True) > text_width("Total", 10)


def test_a_table_whose_figures_fit_is_left_as_it_is():
    html = "<h3>Budget</h3>" + table(
        [34, 22, 22, 22], [["Travel", amount(5)] * 1 + [amount(5)] * 2]
    )
    assert fit_tables(html) == html


def test_wide_figures_take_their_room_from_the_widest_text_column():
    html = table([52, 16, 16, 16], ["Personnel", *[amount(13)] * 3])
    fitted = fit_tables(html)
    widths = widths_of(fitted)
    assert sum(widths) == 100
    assert widths[0] < 52 and all(w > 16 for w in widths[1:])
    assert "amounts-" not in fitted  # room was found: the figures keep their size


def test_figures_that_cannot_fit_are_set_smaller_never_below_the_floor():
    html = table(
        [12, 24, 14, 14, 12, 12, 12],
        ["Personnel", "Salaries of the programme", "Federal", "—", *[amount(14)] * 3],
        figures=3,
    )
    fitted = fit_tables(html)
    scale = re.search(r'class="doc-table amounts-(\d+)"', fitted)
    assert scale and 70 <= int(scale.group(1)) < 100
    assert sum(widths_of(fitted)) == 100


def test_every_width_it_gives_is_one_the_stylesheet_has():
    declared = {int(n) for n in re.findall(r"col\.w-(\d+) \{ width: \1%; \}", CSS)}
    for digits in range(4, 17):
        for widths in ([34, 22, 22, 22], [12, 24, 14, 14, 12, 12, 12], [20, 38, 15, 15, 12]):
            row = ["Label", *[amount(digits)] * (len(widths) - 1)]
            assert set(widths_of(fit_tables(table(widths, row)))) <= declared, (digits, widths)
    for scale in (90, 80, 70):
        assert f".doc-table.amounts-{scale} tbody .num" in CSS


def test_the_word_file_sets_fitted_figures_at_the_size_the_pdf_does():
    import io

    from docx import Document

    from documents.word import render_docx

    row = ["Personnel", "Salaries of the programme", "Federal", "—", *[amount(14)] * 3]
    fitted = fit_tables(table([12, 24, 14, 14, 12, 12, 12], row, figures=3))
    scale = int(re.search(r"amounts-(\d+)", fitted).group(1))
    html = f"<html><head></head><body><section>{fitted}</section></body></html>"
    word = Document(io.BytesIO(render_docx(html).content))
    cells = word.tables[0].rows[1].cells
    sizes = [run.font.size.pt for cell in cells for p in cell.paragraphs for run in p.runs]
    assert sizes[:4] == [8.5] * 4  # the text
    assert sizes[4:] == [round(8.5 * scale / 50) / 2] * 3  # the figures, in half points
    widths = [round(cell.width.mm) for cell in cells]
    assert widths == [round(176 * w / 100) for w in widths_of(fitted)]
