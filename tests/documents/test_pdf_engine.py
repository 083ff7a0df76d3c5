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
