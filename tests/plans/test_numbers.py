"""The one number parser: French and English input read as written, never misread."""

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from plans.numbers import NumberError, NumberInput, format_input, parse_decimal
from tests.plans.item_forms import item_form_classes

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("71,3", "71.3"),
        ("71.3", "71.3"),
        ("52 000 000 000", "52000000000"),
        (f"52{NBSP}000{NBSP}000{NBSP}000", "52000000000"),
        (f"52{NNBSP}000{NNBSP}000{NNBSP}000", "52000000000"),
        ("1 547", "1547"),
        (f"4{NBSP}057,9", "4057.9"),
        ("-3,5", "-3.5"),
        ("\u22123,5", "-3.5"),
        ("  8 ", "8"),
        (",5", "0.5"),
        ("10000000000000,00", "10000000000000"),
    ],
)
def test_french_input_is_read_as_written(typed, expected):
    assert parse_decimal(typed, "fr") == Decimal(expected)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("1,547.5", "1547.5"), ("1 547.5", "1547.5"), ("1,547", "1547"), ("71.3", "71.3")],
)
def test_english_input_is_read_as_written(typed, expected):
    assert parse_decimal(typed, "en") == Decimal(expected)


@pytest.mark.parametrize(
    ("typed", "language", "says"),
    [
        ("71,3", "en", "groups of three"),  # never 713
        ("1,5470", "en", "groups of three"),
        ("71 3", "fr", "groups of three"),
        ("1.547,5", "fr", "mixes a comma and a point"),
        ("1,547.5", "fr", "mixes a comma and a point"),
        ("abc", "fr", "is not a number"),
        ("1e5", "en", "is not a number"),
        ("12,345,6", "fr", "is not a number"),
        ("-", "fr", "is not a number"),
    ],
)
def test_ambiguous_or_foreign_input_is_refused_with_a_message(typed, language, says):
    with pytest.raises(NumberError) as raised:
        parse_decimal(typed, language)
    assert says in str(raised.value)
    assert typed.strip() in str(raised.value) or typed == "-"


def test_empty_is_unknown_not_zero():
    assert parse_decimal("", "fr") is None
    assert parse_decimal("   ", "en") is None


def test_active_language_is_the_default():
    with translation.override("fr"):
        assert parse_decimal("71,3") == Decimal("71.3")
    with translation.override("en"), pytest.raises(NumberError):
        parse_decimal("71,3")


def test_values_are_shown_back_in_the_users_language():
    assert format_input(Decimal("71.30"), "fr") == "71,3"
    assert format_input(Decimal("52000000000.00"), "fr") == f"52{NBSP}000{NBSP}000{NBSP}000"
    assert format_input(Decimal("1547.50"), "en") == "1,547.5"
    assert format_input(None, "fr") == ""
    # What is shown is read back to the same value, in both languages.
    for language in ("fr", "en"):
        for value in ("71.3", "52000000000", "0.05", "-12.75"):
            shown = format_input(Decimal(value), language)
            assert parse_decimal(shown, language) == Decimal(value)


def test_the_widget_is_a_text_input_with_a_number_pad():
    html = NumberInput().render("amount", Decimal("71.3"))
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html
    assert 'value="71.3"' in html
    with translation.override("fr"):
        assert 'value="71,3"' in NumberInput().render("amount", Decimal("71.3"))
    assert 'inputmode="numeric"' in NumberInput(integer=True).render("count", 3)


def test_every_item_form_reads_numbers_with_the_parser():
    """No numeric field of a phase form is a browser number input, and each reads French."""
    seen = 0
    for form_class in item_form_classes():
        for name, field in form_class.base_fields.items():
            if not isinstance(field, (forms.DecimalField, forms.IntegerField)):
                continue
            if isinstance(field.widget, forms.HiddenInput):
                continue
            seen += 1
            assert not isinstance(field.widget, forms.NumberInput), name
            with translation.override("fr"):
                if isinstance(field, forms.DecimalField):
                    assert field.to_python("1,5") == Decimal("1.5"), name
                assert field.to_python("1 000") == 1000, name
    assert seen >= 10
