"""The document speaks the plan's language down to its dates and amounts, in every section."""

import re
from decimal import Decimal

import pytest

from documents.rendering import document_html
from plans.versions import version_publish

pytestmark = pytest.mark.django_db

# The abbreviations a French reader expects ("2 oct. 2026"), written out here rather than
# taken from the code under test.
FRENCH_MONTHS = [
    *("janv.", "jan.", "févr.", "fév.", "mars", "avr.", "mai", "juin"),
    *("juil.", "août", "sept.", "oct.", "nov.", "déc."),
]
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SPACES = re.compile(r"[\u00a0\u202f ]+")


def text_of(html):
    """What a reader sees: tags removed, every kind of space written as a plain space."""
    return SPACES.sub(" ", re.sub(r"<[^>]+>", " ", html))


def publish(plan, language):
    plan.language = language
    plan.save()
    return version_publish(plan=plan, user=plan.owner, allow_unchanged=True)


def french_amount(value):
    whole, cents = f"{Decimal(value):.2f}".split(".")
    return f"{int(whole):,}".replace(",", " ") + f",{cents} €"


def test_a_french_document_prints_dates_the_french_way_in_the_sections(filled_plan):
    version = publish(filled_plan, "fr")
    task = next(t for t in version.snapshot["sections"]["actions"]["tasks"] if t["start_date"])
    year, month, day = (int(part) for part in task["start_date"].split("-"))
    text = text_of(document_html(version))
    expected = [f"{day} {name} {year}" for name in FRENCH_MONTHS]
    assert any(date in text for date in expected), (task["start_date"], expected)


def test_a_french_document_prints_amounts_with_french_separators_and_the_euro_sign(
    filled_plan,
):
    version = publish(filled_plan, "fr")
    resources = version.snapshot["sections"]["resources"]
    assert resources["currency"] == "EUR"
    text = text_of(document_html(version))
    spent = french_amount(resources["totals"]["spent"])
    assert spent in text  # like "43 700,00 €"
    assert f"{Decimal(resources['totals']['spent']):.2f}" not in text  # never "43700.00"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_section_prints_a_raw_iso_date(filled_plan, language):
    version = publish(filled_plan, language)
    html = document_html(version)
    body = html.split('<div class="doc-part"', 1)[1]  # the sections, charts included
    assert not ISO_DATE.findall(text_of(body))
    assert not ISO_DATE.findall(re.sub(r"\s(?:x|y|width|height)[12]?=\"[^\"]*\"", "", body))


def test_an_english_document_prints_amounts_with_the_currency_sign(filled_plan):
    version = publish(filled_plan, "en")
    resources = version.snapshot["sections"]["resources"]
    text = text_of(document_html(version))
    assert f"€{Decimal(resources['totals']['spent']):,.2f}" in text  # like "€43,700.00"
