"""The fix to pydyf's page references (documents.pdf_engine): same answers, built once."""

import pydyf
import pytest

from documents import pdf_engine
from documents.rendering import render_pdf


def pdf_with_pages(count):
    pdf = pydyf.PDF()
    for _ in range(count):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    return pdf


def test_the_fix_is_installed_and_gives_what_pydyf_gives():
    assert pdf_engine.install()
    pdf = pdf_with_pages(3)
    assert pdf.page_references == pdf_engine.original_page_references(pdf)
    assert len(pdf.page_references) == 3
    assert pdf.page_references is pdf.page_references  # built once, then looked up
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))  # a new page is seen at once
    assert pdf.page_references == pdf_engine.original_page_references(pdf)
    assert len(pdf.page_references) == 4
    assert pdf.page_references[-1] == f"{pdf.pages['Kids'][-3]} 0 R".encode()


def test_two_documents_do_not_share_their_references():
    pdf_engine.install()
    one, two = pdf_with_pages(2), pdf_with_pages(5)
    assert len(one.page_references) == 2 and len(two.page_references) == 5


@pytest.mark.parametrize("archival", [False, True])
def test_a_tagged_pdf_is_byte_for_byte_the_one_pydyf_alone_writes(monkeypatch, archival):
    html = (
        "<html lang='en'><body>"
        + "".join(
            f"<h2 style='break-before: page'>Part {n}</h2><p>Text {n}</p><a href='#p{n}'>x</a>"
            f"<p id='p{n}'>target</p>"
            for n in range(6)
        )
        + "</body></html>"
    )
    fixed = render_pdf(html, archival=archival, identifier=b"0" * 32).content
    monkeypatch.setattr(pdf_engine, "install", lambda: False)
    monkeypatch.setattr(pydyf.PDF, "page_references", pdf_engine._ORIGINAL)
    plain = render_pdf(html, archival=archival, identifier=b"0" * 32).content
    assert fixed == plain


# The SVG text drawn as one run (documents.pdf_engine._svg_text): the letters are where
# WeasyPrint's own letter-by-letter drawing puts them, and read back the same.
CHART = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="120">'
    "<title>Cases screened per quarter</title>"
    '<text x="10" y="20" font-size="12">Affiche AV Wa To fi fl 1 234,5 €</text>'
    '<text x="160" y="45" text-anchor="middle" font-size="11" font-weight="bold">'
    'Tâches de l’été <tspan fill="#c00">Vé</tspan> suite</text>'
    '<text x="310" y="70" text-anchor="end" dx="3" dy="2" font-style="italic">Fin de série</text>'
    '<text x="20" y="100" dominant-baseline="middle" font-size="9">T1 2026</text>'
    "</svg>"
)
PER_LETTER = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">'
    '<text x="10 30 50 70" y="30" font-size="12">ABCD</text>'
    '<text x="100" y="30" rotate="15" font-size="12">Tour</text>'
    '<text x="10" y="50" letter-spacing="3" font-size="12">Espacé</text></svg>'
)


def _glyphs(content):
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [
            (c["text"], c["x0"], c["top"], c["x1"])
            for page in pdf.pages
            for c in page.chars
            if c["text"].strip()
        ]


def _render_svg_both_ways(svg):
    html = f"<html lang='fr'><body>{svg}</body></html>"
    assert pdf_engine.install()
    fast = render_pdf(html, identifier=b"0" * 32).content
    pdf_engine.uninstall_svg_text()
    try:
        import weasyprint.svg as svg_module

        assert svg_module.TAGS["text"] is not pdf_engine._svg_text
        from weasyprint import HTML

        from documents.rendering import charts_as_images, make_url_fetcher

        source, charts = charts_as_images(html)
        document = HTML(string=source, url_fetcher=make_url_fetcher(charts)).render(pdf_tags=True)
        plain = document.write_pdf(pdf_tags=True, pdf_identifier=b"0" * 32)
    finally:
        assert pdf_engine.install()
    return fast, plain


def test_svg_text_is_installed_for_this_weasyprint():
    import weasyprint.svg as svg_module

    assert pdf_engine.install()
    assert svg_module.text is pdf_engine._svg_text
    assert all(svg_module.TAGS[tag] is pdf_engine._svg_text for tag in ("text", "tspan"))


def test_a_chart_s_labels_are_where_weasyprint_draws_them_letter_by_letter():
    from pypdf import PdfReader

    fast, plain = _render_svg_both_ways(CHART)
    drawn, expected = _glyphs(fast), _glyphs(plain)
    assert [g[0] for g in drawn] == [g[0] for g in expected]
    assert len(drawn) >= 60
    for (_, x0, top, x1), (_, ex0, etop, ex1) in zip(drawn, expected, strict=True):
        assert abs(x0 - ex0) < 0.1 and abs(x1 - ex1) < 0.1 and abs(top - etop) < 0.1
    import io

    text = PdfReader(io.BytesIO(fast)).pages[0].extract_text()
    for words in ("Affiche AV Wa To fi fl 1 234,5 €", "Tâches de l’été", "Fin de série", "T1 2026"):
        assert words in text
    assert len(fast) < len(plain)  # one text object per label, not one per letter


def test_letters_placed_one_by_one_are_left_to_weasyprint():
    fast, plain = _render_svg_both_ways(PER_LETTER)
    assert _glyphs(fast) == _glyphs(plain)
    assert fast == plain


def test_streams_made_when_their_page_is_drawn_give_the_same_file():
    import weasyprint.document as document_module

    chart = CHART
    html = (
        "<html lang='en'><body>"
        + "".join(
            f"<h2>Part {n}</h2><table><tr><th>Task</th><td>Screening {n}</td></tr></table>"
            f"{chart}<p style='break-after: page'>Text {n}</p>"
            for n in range(4)
        )
        + "</body></html>"
    )
    for archival in (False, True):
        assert pdf_engine.install()
        assert document_module.Page.paint is pdf_engine._paint
        early = render_pdf(html, archival=archival, identifier=b"0" * 32)
        pdf_engine.uninstall_early_page_streams()
        try:
            assert document_module.Page.paint is not pdf_engine._paint
            from weasyprint import HTML

            from documents.rendering import charts_as_images, make_url_fetcher

            source, charts = charts_as_images(html)
            options = {"pdf_tags": True, "pdf_identifier": b"0" * 32}
            if archival:
                options["pdf_variant"] = "pdf/a-3b"
            late = HTML(string=source, url_fetcher=make_url_fetcher(charts)).write_pdf(**options)
        finally:
            assert pdf_engine.install()
        assert early.page_count >= 4
        assert early.content == late


def test_pages_let_go_after_the_tagging_pass_give_the_same_file():
    from weasyprint import HTML

    html = (
        "<html lang='en'><body>"
        + "".join(
            f"<h2>Part {n}</h2><table><tr><th>Task</th><td>Screening {n}</td></tr></table>"
            f"<ul><li>Item {n}</li></ul><p style='break-after: page'>Text {n}</p>"
            for n in range(4)
        )
        + "</body></html>"
    )
    assert pdf_engine.install()
    options = {"pdf_tags": True, "pdf_identifier": b"0" * 32}
    kept = HTML(string=html).render(**options)
    released = HTML(string=html).render(**options)
    released.release_boxes_after_tags = True
    kept_pdf, released_pdf = kept.write_pdf(**options), released.write_pdf(**options)
    assert released_pdf == kept_pdf
    assert all(page._page_box is None for page in released.pages)
    assert all(page._page_box is not None for page in kept.pages)  # only when asked
    rendered = render_pdf(html, identifier=b"0" * 32)
    assert rendered.content == kept_pdf and rendered.page_count == len(kept.pages) == 4


def rendered_without(uninstall, html):
    """The PDF of ``html`` with one fix taken out (``uninstall``), then every fix back."""
    uninstall()
    try:
        return render_pdf(html, identifier=b"0" * 32).content
    finally:
        assert pdf_engine.install()


# Pseudo-element styles only where WeasyPrint can draw the pseudo-element (fix 5).
PSEUDO_HTML = (
    "<html lang='en'><head><style>"
    ".cover { page: cover; } @page cover { margin: 30mm; } .part { page: part; }"
    " .note::before { content: 'Note: '; font-weight: bold; }"
    " .fn { float: footnote; } .item { display: list-item; margin-left: 8mm; }"
    "</style></head><body>"
    "<div class='cover'><h1>Plan</h1></div>"
    + "".join(
        f"<div class='part'><h2>Part {n}</h2>"
        f"<table><tr><th>Task</th><td>Screening {n}</td></tr></table>"
        f"<ol><li>First {n}</li><li>Second {n}</li></ol><div class='item'>Listed {n}</div>"
        f"<p class='note'>Read this<span class='fn'>A footnote {n}</span> carefully.</p></div>"
        for n in range(3)
    )
    + "</body></html>"
)


def test_pseudo_element_styles_are_computed_only_where_they_can_be_drawn(monkeypatch):
    assert pdf_engine.install()
    asked = []
    original = pdf_engine._original("StyleFor", "set_computed_styles")

    def counting(self, element, parent, root=None, pseudo_type=None, **kwargs):
        asked.append((getattr(element, "tag", element), pseudo_type))
        return original(self, element, parent, root=root, pseudo_type=pseudo_type, **kwargs)

    monkeypatch.setitem(pdf_engine._ORIGINALS, ("StyleFor", "set_computed_styles"), counting)
    fixed = render_pdf(PSEUDO_HTML, identifier=b"0" * 32).content
    monkeypatch.undo()
    # A table cell has no marker, footnote or note; a list item has a marker, the floated
    # footnote its call and marker.
    assert ("td", "marker") not in asked and ("td", "footnote-call") not in asked
    assert ("li", "marker") in asked and ("div", "marker") in asked
    assert ("span", "footnote-call") in asked and ("span", "footnote-marker") in asked
    assert ("p", "before") in asked
    assert not [pair for pair in asked if pair[1] and pair[1].startswith("note-")]
    assert fixed == rendered_without(pdf_engine.uninstall_pseudo_styles, PSEUDO_HTML)


def test_page_values_are_weasyprints_for_every_box():
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import ParentBox

    assert pdf_engine.install()
    html = PSEUDO_HTML.replace(
        "<body>",
        "<body><div><span style='position: absolute'>x</span><div class='cover'>In</div>"
        "<div style='float: left'>Float</div><p>Flow</p></div>",
    )
    document = HTML(string=html).render()
    boxes = []

    def walk(box):
        boxes.append(box)
        for child in getattr(box, "children", ()):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    parents = [box for box in boxes if isinstance(box, ParentBox)]
    assert len(parents) > 50
    assert {box.page_values() for box in parents} >= {("cover", "cover"), ("part", "part")}
    for box in parents:
        assert pdf_engine._page_values(box) == pdf_engine._original("ParentBox", "page_values")(box)
    for box in boxes:
        assert pdf_engine._is_in_normal_flow(box) == pdf_engine._original(
            "Box", "is_in_normal_flow"
        )(box)
    assert {pdf_engine._is_in_normal_flow(box) for box in boxes} == {True, False}
    fixed = render_pdf(html, identifier=b"0" * 32).content
    assert fixed == rendered_without(pdf_engine.uninstall_page_values, html)


# One Pango context and font description per font (fix 7).
def test_layouts_share_one_set_up_per_font_and_draw_the_same_file(monkeypatch):
    html = PSEUDO_HTML.replace(
        "</style>",
        " .fr { font-style: italic; text-decoration: underline; letter-spacing: 1px; }"
        " .num { font-variant-numeric: tabular-nums; font-weight: bold; }</style>",
    ).replace(
        "<body>",
        "<body><p lang='fr' class='fr'>Dépistages été 2026</p>"
        "<p class='num' dir='rtl'>1 234,50 € שלום</p>",
    )
    assert pdf_engine.install()
    made = []
    original = pdf_engine._font_setup
    monkeypatch.setattr(
        pdf_engine, "_font_setup", lambda style: made.append(style) or original(style)
    )
    fixed = render_pdf(html, identifier=b"0" * 32)
    monkeypatch.undo()
    # One set-up per font (sizes, weights, styles, languages, directions), not per text box.
    assert 3 <= len(made) <= 40
    assert fixed.content == rendered_without(pdf_engine.uninstall_layout_setup, html)


# No automatic garbage collection during a render (fix 7), and the collector as it was after.
def test_a_render_runs_without_automatic_collection_and_restores_the_collector(monkeypatch):
    import gc

    seen = []
    original = pdf_engine._ORIGINAL_ADD_TAGS

    def tags(*args, **kwargs):
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    assert pdf_engine.install()
    monkeypatch.setattr(pdf_engine, "_ORIGINAL_ADD_TAGS", tags)
    assert gc.isenabled()
    assert render_pdf(PSEUDO_HTML).page_count >= 2
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        render_pdf(PSEUDO_HTML)
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_the_collector_comes_back_when_a_render_fails(monkeypatch):
    import gc

    from weasyprint import HTML

    def broken(self, **options):
        assert not gc.isenabled()
        raise RuntimeError("layout failed")

    monkeypatch.setattr(HTML, "render", broken)
    with pytest.raises(RuntimeError, match="layout failed"):
        render_pdf(PSEUDO_HTML)
    assert gc.isenabled()
