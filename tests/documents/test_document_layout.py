"""The document of the demo plan (``seed_demo``), as HTML and as the PDF WeasyPrint makes of it:
charts drawn inline, table headers repeated across pages, the running header, bundled fonts."""

import io
import re
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from pypdf import PdfReader

from documents import rendering
from plans.models import Plan
from tests.documents.conftest import squeeze

pytestmark = pytest.mark.django_db

DOCUMENT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "document.css"

# Each chart of the document, found by what its SVG says about itself (see each app's
# charts.py / templatetags): (name, section, attribute, value that attribute must hold).
CHARTS = [
    ("logic model", "strategy", "class", "logic-model"),
    ("power/interest grid", "stakeholders", "class", "power-interest-grid"),
    ("budget by category", "resources", "aria-labelledby", "doc-budget-by-category-title"),
    ("budget by funding source", "resources", "aria-labelledby", "doc-budget-by-source-title"),
    ("Gantt chart", "actions", "class", "gantt"),
    ("risk heat map", "risks", "class", "heatmap"),
]


@pytest.fixture(scope="module")
def demo_document(django_db_setup, django_db_blocker):
    """The small demo plan's first version, its HTML and PDF (rendered once for the module),
    and the resources WeasyPrint asked for while rendering it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--quiet")  # publishes version 1 (its render never commits)
        plan = Plan.objects.get(title__startswith="Safer routes")
        version = plan.versions.order_by("-number").first()
        html = rendering.document_html(version)
        fetched = []
        real_fetch = rendering.fetch_app_resource

        def spy(url):
            fetched.append(url)
            return real_fetch(url)

        with mock.patch.object(rendering, "fetch_app_resource", spy):
            pdf = rendering.render_pdf(html)
        reader = PdfReader(io.BytesIO(pdf.content))
        yield {
            "plan": plan,
            "snapshot": version.snapshot,
            "html": html,
            "reader": reader,
            "pages": [page.extract_text() or "" for page in reader.pages],
            "fetched": fetched,
        }
        transaction.set_rollback(True)


class Outline(HTMLParser):
    """Every <svg> and <img> with the document section it sits in, and every table's rows."""

    def __init__(self):
        super().__init__()
        self.section = None
        self.svgs, self.imgs, self.tables = [], [], []
        self._tables = []  # open tables (nested tables stay apart)
        self._svg_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and (attrs.get("id") or "").startswith("section-"):
            self.section = attrs["id"].removeprefix("section-")
        if tag == "svg":
            if self._svg_depth == 0:
                self.svgs.append({"section": self.section, **attrs})
            self._svg_depth += 1
        elif tag == "img":
            self.imgs.append({"section": self.section, **attrs})
        elif tag == "table":
            table = {"class": attrs.get("class", ""), "rows": [], "in": None, "text": ""}
            self._tables.append(table)
            self.tables.append(table)
        elif self._tables:
            table = self._tables[-1]
            if tag in ("thead", "tbody", "tfoot"):
                table["in"] = tag
            elif tag == "tr":
                table["rows"].append({"group": table["in"], "cells": []})
            elif tag in ("th", "td") and table["rows"]:
                table["rows"][-1]["cells"].append({"tag": tag, "text": ""})

    def handle_endtag(self, tag):
        if tag == "svg":
            self._svg_depth -= 1
        elif tag == "table" and self._tables:
            self._tables.pop()
        elif tag in ("thead", "tbody", "tfoot") and self._tables:
            self._tables[-1]["in"] = None

    def handle_data(self, data):
        if self._tables and self._tables[-1]["rows"] and self._tables[-1]["rows"][-1]["cells"]:
            self._tables[-1]["rows"][-1]["cells"][-1]["text"] += data


@pytest.fixture(scope="module")
def outline(demo_document):
    parser = Outline()
    parser.feed(demo_document["html"])
    return parser


def has(svg, attribute, value):
    return value in (svg.get(attribute) or "").split()


def test_every_chart_is_an_inline_svg_in_its_own_section(demo_document, outline):
    for name, section, attribute, value in CHARTS:
        found = [svg for svg in outline.svgs if has(svg, attribute, value)]
        assert found, f"the {name} is not in the document as inline SVG"
        assert {svg["section"] for svg in found} == {section}, f"{name}: {found}"
        for svg in found:
            assert svg.get("role") == "img" and svg.get("aria-labelledby"), name
    # Charts are drawn, not linked: no image of any kind is loaded by the document.
    assert outline.imgs == []


def test_every_kpi_with_figures_has_its_chart(demo_document, outline):
    kpis = demo_document["snapshot"]["sections"]["monitoring"]["kpis"]
    charted = [k for k in kpis if k.get("measurements") or k.get("milestones")]
    assert charted, "the demo plan must have KPIs with measurements"
    charts = [svg for svg in outline.svgs if has(svg, "class", "kpi-chart")]
    assert len(charts) == len(charted)
    assert {svg["section"] for svg in charts} == {"monitoring"}


def test_the_charts_are_drawn_as_vectors_in_the_pdf(demo_document):
    """WeasyPrint turns inline SVG into page content: nothing is embedded as a raster."""
    for page in demo_document["reader"].pages:
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        for xobject in xobjects.values():
            assert xobject.get_object().get("/Subtype") != "/Image"


def header_row(table):
    rows = table["rows"]
    return rows[0] if rows and all(c["tag"] == "th" for c in rows[0]["cells"]) else None


def test_tables_put_their_column_headers_in_thead(outline):
    with_header = [t for t in outline.tables if header_row(t)]
    assert len(with_header) >= 10, "the demo document should have many tables"
    for table in with_header:
        head = header_row(table)
        assert head["group"] == "thead", f"a header row outside <thead>: {head['cells']}"
        assert "doc-table" in table["class"].split(), "the repeat rule applies to .doc-table"


def test_the_document_css_repeats_table_headers_on_every_page():
    css = DOCUMENT_CSS.read_text()
    assert re.search(r"\.doc-table\s+thead\s*\{\s*display:\s*table-header-group\s*;", css)
    # Rows do not split, so a repeated header is always followed by a whole row.
    assert re.search(r"\.doc-table\s+tr\s*\{\s*break-inside:\s*avoid\s*;", css)


def header_lines(outline):
    """The text of each table's column header row, as one line of words."""
    lines = set()
    for table in outline.tables:
        head = header_row(table)
        if head and head["group"] == "thead":
            lines.add(" ".join(" ".join(c["text"].split()) for c in head["cells"]))
    return lines


def test_a_table_that_spans_pages_repeats_its_header_at_the_top_of_the_next_page(
    demo_document, outline
):
    pages = [[line.strip() for line in text.splitlines()] for text in demo_document["pages"]]
    repeated = []
    for header in header_lines(outline):
        for number in range(len(pages) - 1):
            if header in pages[number] and header in pages[number + 1]:
                # On the second page it is the first line after the DRAFT mark: a repeat,
                # not a new table that starts lower down.
                top = [line for line in pages[number + 1] if line and line != "DRAFT"][:1]
                if top == [header]:
                    repeated.append((header, number + 1, number + 2))
    assert repeated, (
        "no table of the demo document spans two pages with its header on both: "
        "make the demo plan bigger, or the header is not repeated"
    )


def test_interior_pages_carry_the_plan_title_as_running_header(demo_document):
    title = squeeze(demo_document["plan"].title)
    pages = demo_document["pages"]
    assert len(pages) > 3
    for number, text in enumerate(pages[1:], start=2):
        assert any(squeeze(line).startswith(title) for line in text.splitlines()), (
            f"page {number} has no running header with the plan title:\n{text[-400:]}"
        )


def font_faces():
    """The families the document CSS declares with @font-face, and their files."""
    css = DOCUMENT_CSS.read_text()
    faces = re.findall(r"@font-face\s*\{([^}]*)\}", css)
    families = {re.search(r'font-family:\s*"([^"]+)"', f).group(1) for f in faces}
    files = {re.search(r'src:\s*url\("([^"]+)"\)', f).group(1) for f in faces}
    return families, files


def embedded_fonts(reader):
    names = set()
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            name = str(font.get_object().get("/BaseFont", ""))
            names.add(name.split("+", 1)[-1].lstrip("/"))  # drop the subset tag "ABCDEF+"
    return names


def test_the_pdf_embeds_the_bundled_fonts(demo_document):
    families, files = font_faces()
    assert families == {"Planner Sans"}
    assert all(url.startswith("appstatic:fonts/DejaVuSans") for url in files)
    # WeasyPrint loaded the bundled files through the app's fetcher...
    assert {"appstatic:fonts/DejaVuSans.ttf", "appstatic:fonts/DejaVuSans-Bold.ttf"} <= set(
        demo_document["fetched"]
    )
    # ...and the text is set in them: the PDF names them after the @font-face family.
    fonts = embedded_fonts(demo_document["reader"])
    bundled = {name for name in fonts if name.startswith("Planner-Sans")}
    assert {"Planner-Sans", "Planner-Sans-Bold"} <= bundled, fonts
    # Whatever else is embedded is DejaVu too (the charts' generic sans-serif): the document
    # looks the same wherever DejaVu is the system's sans-serif.
    assert all(name.startswith(("Planner-Sans", "DejaVu")) for name in fonts), fonts


class VisibleText(HTMLParser):
    """The text a reader sees in the document's HTML (not its styles, scripts or charts)."""

    HIDDEN = {"style", "script", "svg", "title"}

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self._hidden -= tag in self.HIDDEN

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def test_every_long_word_of_the_document_is_found_whole_in_the_pdf(demo_document):
    """Search and copy work: no word is hyphenated or split at a line end (a hyphenated word is
    extracted as two pieces with U+2010), and no letter-spacing splits a word."""
    parser = VisibleText()
    parser.feed(demo_document["html"])
    words = set(re.findall(r"[^\W\d_]{8,}", " ".join(parser.parts)))
    assert len(words) > 200  # the tables, the cover and the headings, not an empty page
    extracted = re.sub(r"\s+", " ", " ".join(demo_document["pages"])).lower()
    assert "\u2010" not in extracted
    assert sorted(w for w in words if w.lower() not in extracted) == []


def _bookmarks(reader, items=None):
    """The PDF outline as ``[(title, page number from 1, [children...])]``."""
    out = []
    items = reader.outline if items is None else items
    for i, item in enumerate(items):
        if isinstance(item, list):
            continue
        children = items[i + 1] if i + 1 < len(items) and isinstance(items[i + 1], list) else []
        page = reader.get_destination_page_number(item) + 1
        out.append((item.title, page, _bookmarks(reader, children)))
    return out


def test_the_contents_and_the_bookmarks_have_sections_and_their_parts(demo_document):
    from django.utils import translation

    from plans.sections import registry

    reader = demo_document["reader"]
    outline = _bookmarks(reader)
    top = [title for title, _page, _children in outline]
    with translation.override(demo_document["snapshot"]["plan"]["language"]):
        titles = [str(s.title) for s in registry.all()]
    # First level: the contents, every section in guide order, the approvals, the appendix.
    assert [t for t in top if t in titles] == titles
    assert top[0] == "Contents" and top[-2:][0] == "Approvals"
    # Second level: each section's parts, never a KPI, a table caption or the cover.
    parts = {title: [c[0] for c in children] for title, _page, children in outline}
    assert parts["Action plan"] == ["Timeline", "Tasks", "Milestones", "Who does what (RACI)"]
    assert parts["Resources & budget"] == ["Team", "Budget", "Allocations"]
    assert parts["Objectives & scope"] == ["Goals", "Scope"]
    # The printed contents give each entry of both levels with the page the outline points at.
    printed = {}  # the contents may run onto a second page
    for line in "\n".join(demo_document["pages"]).splitlines():
        if "...." in line:
            title, _dots, page = line.rpartition(" ")[0].rstrip(". "), "", line.split()[-1]
            printed[title] = int(page)
    for title, page, children in outline[1:]:
        assert printed[title] == page, title
        for child, child_page, _c in children:
            assert printed[child] == child_page, (title, child)
