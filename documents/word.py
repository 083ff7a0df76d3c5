"""The plan document as a Word file, from the same HTML as the PDF.

``documents.rendering.document_html`` builds the document once; ``render_docx`` walks that HTML
and writes each block with python-docx: the cover, a contents field, every section with its
tables, the approvals page and the appendix, in the same order and with the same text as the
PDF. Section titles become Word's heading styles (``<h2>`` is Heading 1, ``<h3>`` Heading 2,
``<h4>`` Heading 3), so the navigation pane and the contents field work in Word. The charts,
SVG in the HTML, are drawn by WeasyPrint and rasterised with pypdfium2 (``chart_images``), all
in one pass, and placed as pictures with their caption.

Only the tags the document templates produce are written as such (headings, paragraphs,
lists, tables, figures, ``<strong>``, ``<em>``, ``<br>``, ``span.muted``); anything else
contributes its text, so nothing printed in the PDF is missing from the Word file.
"""

import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .fitting import TABLE_FONT_PT

WHITESPACE = re.compile(r"\s+")
TEXT_WIDTH_MM = 176  # A4 minus 17 mm margins, as in the PDF
HEADINGS = {"h2": 1, "h3": 2, "h4": 3}
BLOCKS = {
    "p",
    "div",
    "section",
    "nav",
    "ul",
    "ol",
    "li",
    "table",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "svg",
    "caption",
    "blockquote",
}
SKIPPED = {"script", "style", "head", "title", "colgroup", "col", "meta", "link"}
ACCENT = "1F4E79"
MUTED = "555555"
HEADER_FILL = "E8EEF5"
CHART_DPI = 200
# The charts' text in the PDF's font (the SVG carries its own styles).
CHART_FONTS = (
    "".join(
        '@font-face { font-family: "Planner Sans";'
        f' src: url("appstatic:fonts/DejaVuSans{suffix}.ttf");'
        f" font-weight: {weight}; font-style: {style}; }}"
        for suffix, weight, style in (
            ("", "normal", "normal"),
            ("-Bold", "bold", "normal"),
            ("-Oblique", "normal", "italic"),
            ("-BoldOblique", "bold", "italic"),
        )
    )
    + 'html { font-family: "Planner Sans", sans-serif; } body { margin: 0 }'
)


@dataclass
class RenderedDocx:
    content: bytes
    page_count: None = None  # Word lays the pages out when the file is opened


def render_docx(html, *, language="en"):
    """The Word file (bytes) of the document's HTML."""
    import lxml.html

    tree = lxml.html.document_fromstring(html)
    writer = _Writer(tree, language=language)
    return RenderedDocx(content=writer.write())


def chart_images(svgs):
    """Each SVG drawn as PNG bytes, with its size in millimetres: one WeasyPrint render of
    every chart (one page each, of the chart's own size), then each page rasterised."""
    if not svgs:
        return []
    import lxml.html
    import pypdfium2
    from weasyprint import HTML

    from .rendering import make_url_fetcher

    sizes = [_svg_size(svg) for svg in svgs]
    rules, pages = [], []
    for index, (svg, (width, height)) in enumerate(zip(svgs, sizes, strict=True)):
        rules.append(f"@page c{index} {{ size: {width}px {height}px; margin: 0 }}")
        rules.append(f".c{index} {{ page: c{index}; break-before: page }}")
        body = lxml.html.tostring(svg, encoding="unicode")
        pages.append(f'<div class="c{index}">{body}</div>')
    html = (
        '<!doctype html><html><head><meta charset="utf-8">'
        "<style>"
        + CHART_FONTS
        + "\n".join(rules)
        + "</style></head><body>"
        + "".join(pages)
        + "</body></html>"
    )
    pdf = HTML(string=html, url_fetcher=make_url_fetcher(), base_url=None).write_pdf()
    document = pypdfium2.PdfDocument(pdf)
    images = []
    try:
        for index, (width, height) in enumerate(sizes):
            bitmap = document[index].render(scale=CHART_DPI / 72)
            out = io.BytesIO()
            bitmap.to_pil().save(out, format="PNG", optimize=True)
            # CSS pixels are 1/96 in: the chart's size on paper, as the PDF draws it at most.
            images.append((out.getvalue(), width * 25.4 / 96, height * 25.4 / 96))
    finally:
        document.close()
    return images


def _svg_size(svg):
    box = (svg.get("viewBox") or svg.get("viewbox") or "").replace(",", " ").split()
    try:
        if len(box) == 4:
            return max(1.0, float(box[2])), max(1.0, float(box[3]))
        return max(1.0, float(svg.get("width"))), max(1.0, float(svg.get("height")))
    except (TypeError, ValueError):
        return 600.0, 300.0


def _classes(element):
    return set((element.get("class") or "").split())


class _Writer:
    def __init__(self, tree, *, language):
        from docx import Document

        self.tree = tree
        self.language = language
        self.document = Document()
        self.paragraph = None  # the paragraph inline content goes to
        # lxml's element objects live as long as a reference does: keep them, so their ids
        # stay theirs while the document is written.
        self.svgs = list(tree.iter("svg"))
        self.charts = dict(zip(map(id, self.svgs), chart_images(self.svgs), strict=True))

    # --- The whole file ----------------------------------------------------------------

    def write(self):
        self._set_up()
        body = self.tree.find("body")
        watermark = body.xpath("./div[contains(@class, 'watermark')]")
        for child in body:
            self._top_level(child)
        self._margins(watermark=watermark[0] if watermark else None)
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

    def _set_up(self):
        from docx.shared import Mm, Pt, RGBColor

        doc = self.document
        section = doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(17)
        section.top_margin, section.bottom_margin = Mm(22), Mm(20)
        normal = doc.styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(9.5)
        self._language(normal)
        for name, size in (("Title", 26), ("Heading 1", 16), ("Heading 2", 12), ("Heading 3", 10)):
            style = doc.styles[name]
            style.font.name = "Arial"
            style.font.size = Pt(size)
            style.font.color.rgb = RGBColor.from_string(ACCENT)
        doc.styles["Caption"].font.color.rgb = RGBColor.from_string(MUTED)
        title = self.tree.findtext(".//head/title") or ""
        properties = doc.core_properties
        properties.title = title.strip()
        properties.language = self.language
        author = self.tree.find(".//head/meta[@name='author']")
        if author is not None:
            properties.author = author.get("content") or ""
        properties.comments = _("Produced by Planner from a published version of the plan.")

    def _language(self, style):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        properties = style.element.get_or_add_rPr()
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), self.language)
        properties.append(lang)

    def _margins(self, *, watermark):
        """The running header and footer (version, page X of Y), and a draft's mark."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
        from docx.shared import Pt, RGBColor

        section = self.document.sections[0]
        section.different_first_page_header_footer = True  # the cover has none
        footer = section.footer.paragraphs[0]
        footer.add_run(self._meta("planner-footer"))
        footer.add_run("\t")
        for piece in re.split(r"(%\(page\)s|%\(pages\)s)", self._meta("planner-page")):
            if piece == "%(page)s":
                _field(footer, "PAGE", "1")
            elif piece == "%(pages)s":
                _field(footer, "NUMPAGES", "1")
            elif piece:
                footer.add_run(piece)
        header = section.header.paragraphs[0]
        header.add_run(self.tree.findtext(".//head/title", "").strip())
        header.add_run("\t")
        _field(header, "STYLEREF 1", "")  # the section the page is in (Heading 1)
        width = section.page_width - section.left_margin - section.right_margin
        for paragraph in (header, footer):
            paragraph.paragraph_format.tab_stops.clear_all()
            paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
            for run in paragraph.runs:
                run.font.size = Pt(7.5)
                run.font.color.rgb = RGBColor.from_string(MUTED)
        if watermark is not None:  # the PDF's DRAFT mark, as the header's second line
            paragraph = section.header.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(_text(watermark))
            run.bold = True
            run.font.size = Pt(14)
            run.font.color.rgb = RGBColor.from_string("C0392B")

    def _meta(self, name):
        found = self.tree.find(f".//head/meta[@name='{name}']")
        return (found.get("content") or "") if found is not None else ""

    def _top_level(self, element):
        if not isinstance(element.tag, str):
            return
        classes = _classes(element)
        if "watermark" in classes:
            return  # the header says DRAFT on every page
        if "cover" in classes:
            self._cover(element)
        elif element.tag == "nav" and "toc" in classes:
            self._contents(element)
        else:
            # As in the PDF, the sections follow each other: only the cover and the contents
            # end with a page break (each writes its own), no section forces one.
            self._block(self.document, element)
        self._end_paragraph()

    def _cover(self, cover):
        from docx.enum.text import WD_BREAK
        from docx.shared import Pt, RGBColor

        for child in cover:
            if not isinstance(child.tag, str):
                continue
            classes = _classes(child)
            if child.tag == "h1":
                self.document.add_paragraph(_text(child), style="Title")
            elif "cover-subtitle" in classes:
                self.document.add_paragraph(_text(child), style="Subtitle")
            elif "cover-organisation" in classes:
                run = self.document.add_paragraph().add_run(_text(child).upper())
                run.font.size = Pt(11)
                run.font.color.rgb = RGBColor.from_string(MUTED)
            elif "cover-problem" in classes:
                for part in child:
                    if part.tag in HEADINGS:  # not a heading of the outline
                        run = self.document.add_paragraph().add_run(_text(part))
                        run.bold = True
                        run.font.color.rgb = RGBColor.from_string(ACCENT)
                    else:
                        self._block(self.document, part)
                        self._end_paragraph()
            else:
                self._block(self.document, child)
                self._end_paragraph()
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _contents(self, nav):
        """A Word contents field over the heading styles: Word fills in the page numbers when
        the file is opened (it asks to update its fields); until then it lists the titles."""
        from docx.enum.text import WD_BREAK
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt, RGBColor

        heading = nav.find(".//h2")
        run = self.document.add_paragraph().add_run(_text(heading) if heading is not None else "")
        run.bold = True
        run.font.size = Pt(16)
        run.font.color.rgb = RGBColor.from_string(ACCENT)
        entries = []
        for item in nav.iter("li"):
            link = item.find("a")
            if link is not None:
                depth = len(list(item.iterancestors("li")))
                entries.append((depth, _text(link)))
        paragraph = self.document.add_paragraph()
        _field_start(paragraph, 'TOC \\o "1-2" \\h \\z \\u')
        for index, (depth, title) in enumerate(entries):
            if index:
                paragraph = self.document.add_paragraph()
            paragraph.paragraph_format.left_indent = Mm(6 * depth)
            paragraph.add_run(title)
        last = self.document.add_paragraph()
        _field_end(last)
        last.add_run().add_break(WD_BREAK.PAGE)
        settings = self.document.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)

    # --- Blocks ------------------------------------------------------------------------

    def _end_paragraph(self):
        if self.paragraph is not None and self.paragraph.runs:
            last = self.paragraph.runs[-1]
            last.text = last.text.rstrip(" ")
        self.paragraph = None

    def _current(self, container):
        if self.paragraph is None:
            self.paragraph = container.add_paragraph()
        return self.paragraph

    def _block(self, container, element, *, depth=0):
        """Write ``element`` (a block) into ``container`` (the document or a table cell)."""
        tag = element.tag
        if not isinstance(tag, str) or tag in SKIPPED:
            return
        if tag in HEADINGS or tag == "h1":
            self._end_paragraph()
            level = HEADINGS.get(tag, 1)
            if container is self.document:
                self.document.add_heading(_text(element), level=level)
            else:
                container.add_paragraph().add_run(_text(element)).bold = True
            return
        if tag == "table":
            self._end_paragraph()
            self._table(container, element)
            return
        if tag == "svg":
            self._end_paragraph()
            self._chart(container, element)
            return
        if tag in ("ul", "ol"):
            self._end_paragraph()
            self._list(container, element, depth=depth)
            return
        if tag in ("figcaption", "caption"):
            self._end_paragraph()
            self.paragraph = container.add_paragraph(style="Caption")
            self._inline_children(container, element, {})
            self._end_paragraph()
            return
        if tag == "dt":
            self._end_paragraph()
            self._inline_children(container, element, {"bold": True})
            self._end_paragraph()
            return
        if tag in BLOCKS:
            self._end_paragraph()
            self._inline_children(container, element, {}, depth=depth)
            self._end_paragraph()
            return
        self._inline(container, element, {})

    def _inline_children(self, container, element, style, *, depth=0):
        """The text and children of ``element``: inline ones into the current paragraph,
        blocks as blocks (``depth``: how deep a list among them is nested)."""
        if element.text:
            self._add_text(container, element.text, style)
        for child in element:
            if child.tag in BLOCKS:
                self._block(container, child, depth=depth)
            elif isinstance(child.tag, str):
                self._inline(container, child, style)
            if child.tail:
                self._add_text(container, child.tail, style)

    def _inline(self, container, element, style):
        tag = element.tag
        if tag in SKIPPED:
            return
        if tag == "br":
            paragraph = self._current(container)
            if paragraph.runs:
                paragraph.runs[-1].text = paragraph.runs[-1].text.rstrip(" ")
            paragraph.add_run().add_break()
            return
        style = dict(style)
        classes = _classes(element)
        if tag in ("strong", "b"):
            style["bold"] = True
        elif tag in ("em", "i"):
            style["italic"] = True
        if "muted" in classes:
            style["muted"] = True
        if "nowrap" in classes or "num" in classes:
            style["nowrap"] = True
        self._inline_children(container, element, style)

    def _add_text(self, container, text, style):
        from docx.shared import RGBColor

        text = WHITESPACE.sub(" ", text)
        paragraph = self.paragraph
        if paragraph is None or not paragraph.text or paragraph.text.endswith((" ", "\n")):
            text = text.lstrip(" ")
        if not text:
            return
        if style.get("nowrap"):
            text = text.replace(" ", "\u00a0")
        run = self._current(container).add_run(text)
        if style.get("bold"):
            run.bold = True
        if style.get("italic"):
            run.italic = True
        if style.get("muted"):
            run.font.color.rgb = RGBColor.from_string(MUTED)

    def _list(self, container, element, *, depth):
        from docx.shared import Mm

        ordered = element.tag == "ol"
        style = "List Number" if ordered else "List Bullet"
        if depth:
            style += f" {min(depth + 1, 3)}"
        for item in element:
            if item.tag != "li":
                continue
            self.paragraph = container.add_paragraph(style=style)
            if container is not self.document:
                self.paragraph.paragraph_format.left_indent = Mm(4 * (depth + 1))
            self._inline_children(container, item, {}, depth=depth + 1)
            self._end_paragraph()

    def _chart(self, container, svg):
        from docx.shared import Mm

        image = self.charts.get(id(svg))
        if image is None:
            return
        png, width_mm, _height = image
        width = Mm(min(width_mm, TEXT_WIDTH_MM))
        paragraph = container.add_paragraph()
        paragraph.add_run().add_picture(io.BytesIO(png), width=width)
        title = svg.find("title")
        if title is not None and title.text:
            _picture_description(paragraph, title.text.strip())

    # --- Tables ------------------------------------------------------------------------

    def _table(self, container, element):
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm

        caption = element.find("caption")
        if caption is not None:
            self._block(container, caption)
        rows = []  # (is_header_row, [cell elements])
        for part in element:
            if part.tag in ("thead", "tbody", "tfoot"):
                rows += [(part.tag == "thead", row) for row in part if row.tag == "tr"]
            elif part.tag == "tr":
                rows.append((False, part))
        if not rows:
            return
        widths = [
            int(match.group(1))
            for col in element.iter("col")
            for match in [re.search(r"\bw-(\d+)\b", col.get("class") or "")]
            if match
        ]
        columns = max(
            len(widths), max(sum(_span(c) for c in row if c.tag in ("td", "th")) for _, row in rows)
        )
        if len(widths) != columns:
            widths = [100 / columns] * columns
        total_width = TEXT_WIDTH_MM if container is self.document else TEXT_WIDTH_MM / 2
        # The figures' size documents.fitting chose for the columns it gave them.
        scale = next(
            (int(c.split("-")[1]) for c in _classes(element) if re.fullmatch(r"amounts-\d+", c)),
            70 if "amounts-wrap" in _classes(element) else 100,
        )
        table = container.add_table(rows=len(rows), cols=columns)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        for index, (header, row) in enumerate(rows):
            doc_row = table.rows[index]
            if header:
                _repeat_header(doc_row)
            column = 0
            for cell in row:
                if cell.tag not in ("td", "th") or column >= columns:
                    continue
                span = min(_span(cell), columns - column)
                target = doc_row.cells[column]
                if span > 1:
                    target = target.merge(doc_row.cells[column + span - 1])
                target.width = Mm(total_width * sum(widths[column : column + span]) / 100)
                classes = _classes(cell)
                # Word sets sizes in half points: 70 % of 8.5 pt is 6 pt there.
                size = (
                    round(TABLE_FONT_PT * scale / 50) / 2
                    if "num" in classes and not header
                    else None
                )
                self._cell(target, cell, header=header or cell.tag == "th", size=size)
                if "num" in classes:
                    for paragraph in target.paragraphs:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                column += span
        if container is self.document:
            self.document.add_paragraph()  # Word would join two tables that touch

    def _cell(self, target, cell, *, header, size=None):
        from docx.shared import Pt

        if header and cell.getparent().getparent().tag == "thead":
            _shade(target, HEADER_FILL)
        saved = self.paragraph
        self.paragraph = target.paragraphs[0]
        style = {"bold": True} if header else {}
        if "num" in _classes(cell) or "date" in _classes(cell):
            style["nowrap"] = True
        self._inline_children(target, cell, style)
        self._end_paragraph()
        for paragraph in target.paragraphs:
            paragraph.paragraph_format.space_after = Pt(0)
            for run in paragraph.runs:
                run.font.size = Pt(size or TABLE_FONT_PT)
        self.paragraph = saved


def _text(element):
    return WHITESPACE.sub(" ", element.text_content()).strip()


def _span(cell):
    try:
        return max(1, int(cell.get("colspan") or 1))
    except ValueError:
        return 1


def _repeat_header(row):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _shade(cell, fill):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _picture_description(paragraph, text):
    """The chart's title as the picture's alternative text (read by screen readers)."""
    from docx.oxml.ns import qn

    for properties in paragraph._p.iter(qn("wp:docPr")):
        properties.set("descr", text)
        properties.set("title", text)


def _field_run(paragraph, kind, text=None):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    if kind == "instr":
        node = OxmlElement("w:instrText")
        node.set(qn("xml:space"), "preserve")
        node.text = text
    else:
        node = OxmlElement("w:fldChar")
        node.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            node.set(qn("w:dirty"), "true")  # Word computes it again on opening
    run._r.append(node)
    return run


def _field_start(paragraph, instruction):
    _field_run(paragraph, "begin")
    _field_run(paragraph, "instr", f" {instruction} ")
    _field_run(paragraph, "separate")


def _field_end(paragraph):
    _field_run(paragraph, "end")


def _field(paragraph, instruction, shown):
    """A field (PAGE, NUMPAGES) whose value Word computes, ``shown`` until it does."""
    _field_start(paragraph, instruction)
    paragraph.add_run(shown)
    _field_end(paragraph)
