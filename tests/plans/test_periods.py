"""Periods as real plans write them, read the same whatever the interface's language."""

import datetime

import pytest
from django.utils import translation

from plans.periods import PeriodError, parse_period

D = datetime.date


@pytest.mark.parametrize(
    ("text", "start", "end", "kind"),
    [
        ("2025", D(2025, 1, 1), D(2025, 12, 31), "year"),
        ("2024-10", D(2024, 10, 1), D(2024, 10, 31), "month"),
        ("10/2024", D(2024, 10, 1), D(2024, 10, 31), "month"),
        ("octobre 2024", D(2024, 10, 1), D(2024, 10, 31), "month"),
        ("Feb. 2024", D(2024, 2, 1), D(2024, 2, 29), "month"),
        ("T1 2025", D(2025, 1, 1), D(2025, 3, 31), "quarter"),
        ("Q4 2025", D(2025, 10, 1), D(2025, 12, 31), "quarter"),
        ("2e trimestre 2025", D(2025, 4, 1), D(2025, 6, 30), "quarter"),
        ("S2 2024", D(2024, 7, 1), D(2024, 12, 31), "half"),
        ("2023-2024", D(2023, 1, 1), D(2024, 12, 31), "years"),
        ("2023\u20132024", D(2023, 1, 1), D(2024, 12, 31), "years"),
        ("2023-24", D(2023, 1, 1), D(2024, 12, 31), "years"),
        ("année scolaire 2023-2024", D(2023, 9, 1), D(2024, 8, 31), "school_year"),
        ("School year 2024/2025", D(2024, 9, 1), D(2025, 8, 31), "school_year"),
        ("exercice 2023-2024", D(2023, 4, 1), D(2024, 3, 31), "fiscal_year"),
        ("FY 2023-24", D(2023, 4, 1), D(2024, 3, 31), "fiscal_year"),
        ("15/03/2025", D(2025, 3, 15), D(2025, 3, 15), "day"),
        ("2025-03-15", D(2025, 3, 15), D(2025, 3, 15), "day"),
        ("1er janvier 2026", D(2026, 1, 1), D(2026, 1, 1), "day"),
        ("03/2024 \u2013 06/2025", D(2024, 3, 1), D(2025, 6, 30), "span"),
        ("du 01/03/2023 au 30/06/2024", D(2023, 3, 1), D(2024, 6, 30), "span"),
        ("from 2023 to 2025", D(2023, 1, 1), D(2025, 12, 31), "span"),
    ],
)
def test_a_period_is_read_with_its_first_and_last_day(text, start, end, kind):
    for language in ("en", "fr"):
        with translation.override(language):
            period = parse_period(text)
        assert (period.start, period.end, period.kind) == (start, end, kind)
        assert period.text == text  # kept as written: that is what prints


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("chaque année", "is not a period"),
        ("31/02/2025", "is not a period"),
        ("13/2024", "is not a period"),
        ("2024-2023", "is not a period"),
        ("2025 – 2023", "ends before it starts"),
        # December 2011, or 2011 to 2012? Asked, never guessed.
        ("2011-12", "could be a month or two years"),
        ("année scolaire 2023-2025", "is not a period"),
    ],
)
def test_a_period_that_cannot_be_read_without_guessing_is_refused(text, says):
    with pytest.raises(PeriodError) as raised:
        parse_period(text)
    assert says in str(raised.value)


def test_empty_is_no_period():
    assert parse_period("") is None
    assert parse_period("   ") is None
