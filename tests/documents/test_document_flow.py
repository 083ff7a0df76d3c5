"""The sections follow each other: no page of the demo plan's document is left nearly empty
but the last, and the document is shorter than with a page per section; the running header,
the contents and the bookmarks still say where each section is."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from pypdf import PdfReader

from documents import rendering
from plans.models import Plan
from tests.documents.pdf_layout import TEXT_TOP, filled, open_pdf, words

pytestmark = pytest.mark.django_db

# How the document was laid out before: every section on a new page.
PAGE_PER_SECTION = "<style>.doc-part { break-before: page; }</style></head>"
LEAST_FILLED = 0.25


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--quiet")
        plan = Plan.objects.get(title__startswith="Safer routes")
        html = rendering.document_html(plan.versions.order_by("-number").first())
        flowing = rendering.render_pdf(html)
        forced = rendering.render_pdf(html.replace("</head>", PAGE_PER_SECTION, 1))
        yield {"html": html, "pdf": flowing, "forced": forced}
        transaction.set_rollback(True)


def test_no_page_but_the_last_is_nearly_empty(demo):
    with open_pdf(demo["pdf"].content) as pdf:
        shares = [filled(page) for page in pdf.pages]
    low = [(n, round(s, 2)) for n, s in enumerate(shares[:-1], start=1) if s < LEAST_FILLED]
    assert low == [], f"pages less than {LEAST_FILLED:.0%} filled: {low}"


def test_the_document_is_shorter_than_with_a_page_per_section(demo):
    flowing, forced = demo["pdf"].page_count, demo["forced"].page_count
    assert flowing < forced, (flowing, forced)  # the demo plan: 31 pages, 36 with the breaks


def bookmarks(content):
    """The outline's first level as ``[(title, page from 1)]``."""
    reader = PdfReader(io.BytesIO(content))
    return [
        (item.title, reader.get_destination_page_number(item) + 1)
        for item in reader.outline
        if not isinstance(item, list)
    ]


def header_titles(content):
    """The running header's section name on each page (the header's right half)."""
    with open_pdf(content) as pdf:
        return [
            " ".join(
                w["text"]
                for w in words(page)
                if w["bottom"] < TEXT_TOP and w["x0"] > page.width * 0.6
            )
            for page in pdf.pages
        ]


def test_the_running_header_names_the_section_that_starts_on_the_page_else_the_current(demo):
    sections = [
        ("Appendix" if title.startswith("Appendix") else title, page)
        for title, page in bookmarks(demo["pdf"].content)
    ]
    headers = header_titles(demo["pdf"].content)
    assert headers[0] == ""  # the cover has none
    for number, header in enumerate(headers[1:], start=2):
        starting = [title for title, page in sections if page == number]
        current = [title for title, page in sections if page < number][-1:]
        expected = (starting or current)[0]
        assert header == expected, (number, header, expected)


def test_the_contents_and_the_sections_keep_pages_of_their_own(demo):
    """The cover, then the contents alone, then the first section at the top of a page."""
    marks = dict(bookmarks(demo["pdf"].content))
    first_section = min(page for title, page in marks.items() if title != "Contents")
    assert marks["Contents"] == 2
    assert first_section > marks["Contents"]
    reader = PdfReader(io.BytesIO(demo["pdf"].content))
    assert len(reader.outline) > len(marks)  # and a second level under the sections
