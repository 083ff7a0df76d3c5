"""Periods as real plans write them: "2025", "2024-10", "T1 2025", "2023-2024", "année scolaire
2023-2024", "exercice 2023-2024", "15/03/2025", "mars 2024 – juin 2025".

``parse_period(text)`` reads a period written in French or in English (whatever the interface's
language: a plan pasted from a French source reads the same for an English colleague) and returns
a ``Period``: the text exactly as written (that is what pages and the document print), its first
and last day (for sorting, charts and "due" logic) and its kind. A text it cannot read without
guessing is refused with a message that shows the forms it reads. Dates are day first (15/03/2025)
or ISO (2025-03-15), never month first.

Conventions, said in the help text of every period field:
- "2023-2024" (or "2023/2024", "2023-24") is the two calendar years, 1 January 2023 to
  31 December 2024;
- a school year runs from 1 September to 31 August ("année scolaire 2023-2024", "school year
  2023-2024");
- a fiscal year named by two years runs from 1 April to 31 March ("exercice 2023-2024",
  "FY 2023-2024"), the convention of the public bodies that name it by two years.
"""

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MONTHS = {
    # English and French, full and abbreviated, accents removed (see _fold).
    "january": 1, "jan": 1, "janvier": 1, "janv": 1,
    "february": 2, "feb": 2, "fevrier": 2, "fevr": 2, "fev": 2,
    "march": 3, "mar": 3, "mars": 3,
    "april": 4, "apr": 4, "avril": 4, "avr": 4,
    "may": 5, "mai": 5,
    "june": 6, "jun": 6, "juin": 6,
    "july": 7, "jul": 7, "juillet": 7, "juil": 7,
    "august": 8, "aug": 8, "aout": 8,
    "september": 9, "sep": 9, "sept": 9, "septembre": 9,
    "october": 10, "oct": 10, "octobre": 10,
    "november": 11, "nov": 11, "novembre": 11,
    "december": 12, "dec": 12, "decembre": 12,
}  # fmt: skip

HELP = _(
    "As the plan writes it: 2025, 2024-10, T1 2025, 2023-2024, année scolaire 2023-2024, "
    "exercice 2023-2024, 15/03/2025, or a span such as 03/2024 – 06/2025."
)


@dataclass(frozen=True)
class Period:
    text: str
    start: datetime.date
    end: datetime.date
    kind: str

    def __str__(self):
        return self.text

    def contains(self, day):
        return self.start <= day <= self.end


class PeriodError(ValueError):
    pass


def _fold(text):
    """Lower case, accents off, one kind of dash and space: what the patterns read."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub("[\u2010\u2011\u2012\u2013\u2014\u2212]", "-", text)
    text = re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()
    return text.replace("1er", "1").replace("1st", "1")


def _year(text):
    value = int(text)
    if not 1900 <= value <= 2200:
        raise PeriodError
    return value


def _month_end(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _span(year, first_month, months, kind):
    """``months`` months from the first of ``first_month`` (across the year end if need be)."""
    last = first_month + months - 2
    end_year, end_month = year + last // 12, last % 12 + 1
    return datetime.date(year, first_month, 1), _month_end(end_year, end_month), kind


def _day(y, m, d):
    try:
        return datetime.date(_year(y), int(m), int(d))
    except ValueError as error:
        raise PeriodError from error


def _second_year(first, text):
    """The second year of "2023-2024" or "2023-24"; it must follow the first."""
    second = int(text) if len(text) == 4 else (first // 100) * 100 + int(text)
    if second <= first or second > 2200:
        raise PeriodError
    return second


YEAR = r"(\d{4})"
PAIR = r"(\d{4}) ?[-/] ?(\d{4}|\d{2})"
SCHOOL = r"(?:annee scolaire|school year|a\.?s\.?|sy)"
FISCAL = r"(?:exercice(?: financier| budgetaire)?|fiscal year|fy|af|annee financiere)"
QUARTER = r"(?:q|t|trimestre ?|quarter ?)([1-4])"
HALF = r"(?:h|s|semestre ?|half ?)([12])"


# A quarter or a half of a year: (pattern, group of its number, group of the year, months, kind).
PARTS = (
    (QUARTER + r" ?" + YEAR, 1, 2, 3, "quarter"),
    (YEAR + r" ?-? ?" + QUARTER, 2, 1, 3, "quarter"),
    (r"([1-4])(?:e|eme|nd|rd|th)? (?:trimestre|quarter) (?:de |of )?(\d{4})", 1, 2, 3, "quarter"),
    (HALF + r" ?" + YEAR, 1, 2, 6, "half"),
    (YEAR + r" ?-? ?" + HALF, 2, 1, 6, "half"),
    (r"([12])(?:e|eme|nd)? (?:semestre|half) (?:de |of )?(\d{4})", 1, 2, 6, "half"),
)
# Years named by two calendar years: (their name, the month they start in, kind).
NAMED_YEARS = ((SCHOOL, 9, "school_year"), (FISCAL, 4, "fiscal_year"))


def _single(text):
    """``(start, end, kind)`` of one period (not a span of two), or raise PeriodError."""
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        day = _day(*m.groups())
        return day, day, "day"
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if m:
        day = _day(m[3], m[2], m[1])
        return day, day, "day"
    m = re.fullmatch(r"(\d{1,2}) ([a-z]+)\.? (\d{4})", text)
    if m and m[2] in MONTHS:
        day = _day(m[3], MONTHS[m[2]], m[1])
        return day, day, "day"
    m = re.fullmatch(r"([a-z]+)\.? (\d{1,2}),? (\d{4})", text)
    if m and m[1] in MONTHS:
        day = _day(m[3], MONTHS[m[1]], m[2])
        return day, day, "day"
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if m and 1 <= int(m[2]) <= 12:
        year, month = _year(m[1]), int(m[2])
        if len(m[2]) == 2 and month == (year + 1) % 100:
            # "2011-12": December 2011, or 2011 to 2012? Asked, never guessed.
            raise PeriodError(
                _("“%(text)s” could be a month or two years: write %(month)s or %(years)s.")
                % {"text": text, "month": f"{month:02d}/{year}", "years": f"{year}-{year + 1}"}
            )
        return _span(year, month, 1, "month")
    m = re.fullmatch(r"(\d{1,2})[/.](\d{4})", text)
    if m and 1 <= int(m[1]) <= 12:
        return _span(_year(m[2]), int(m[1]), 1, "month")
    m = re.fullmatch(r"([a-z]+)\.? (\d{4})", text)
    if m and m[1] in MONTHS:
        return _span(_year(m[2]), MONTHS[m[1]], 1, "month")
    for pattern, number, year, months, kind in PARTS:
        m = re.fullmatch(pattern, text)
        if m:
            return _span(_year(m[year]), months * (int(m[number]) - 1) + 1, months, kind)
    for name, first_month, kind in NAMED_YEARS:
        m = re.fullmatch(name + r" ?" + PAIR, text) or re.fullmatch(PAIR + r" " + name, text)
        if m:
            first = _year(m[1])
            if _second_year(first, m[2]) != first + 1:
                raise PeriodError
            return _span(first, first_month, 12, kind)
    m = re.fullmatch(PAIR, text)
    if m:
        first = _year(m[1])
        second = _second_year(first, m[2])
        return datetime.date(first, 1, 1), datetime.date(second, 12, 31), "years"
    m = re.fullmatch(YEAR, text)
    if m:
        year = _year(m[1])
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year"
    raise PeriodError


SPAN = re.compile(
    r"^(?:du |from |de |entre |between )?(.+?) ?(?: - | au | a | to | until | jusqu'au | et | and "
    r"| -> |->|→)(?: ?le )?(.+)$"
)


def parse_period(text):
    """The ``Period`` that ``text`` names; ``None`` for an empty text; PeriodError otherwise."""
    if text is None:
        return None
    written = re.sub(r"\s+", " ", str(text)).strip()
    if not written:
        return None
    folded = _fold(written)
    try:
        start, end, kind = _single(folded)
        return Period(written, start, end, kind)
    except PeriodError as error:
        if error.args:
            raise
    m = SPAN.match(folded)
    if m:
        try:
            start, _end, _kind = _single(m[1].strip())
            _start, end, _kind = _single(m[2].strip())
        except PeriodError:
            pass
        else:
            if end < start:
                raise PeriodError(_("“%(text)s” ends before it starts.") % {"text": written})
            return Period(written, start, end, "span")
    raise PeriodError(
        _("“%(text)s” is not a period Planner can read. %(help)s") % {"text": written, "help": HELP}
    )


def period_field(verbose_name, help_text, **options):
    """A period as the plan writes it ("2025", "T1 2025", "2023-2024"): the text a planner
    types, kept as written; the model derives its first and last day with
    ``written_period`` in ``clean()``. Empty when the plan gives a date instead."""
    from django.db import models

    return models.CharField(
        verbose_name, max_length=100, blank=True, help_text=help_text, **options
    )


def period_or_error(text, field="period"):
    """``parse_period`` for a model's ``clean()``: a ValidationError on ``field`` when unread."""
    try:
        return parse_period(text)
    except PeriodError as error:
        message = str(error) if error.args else HELP
        raise ValidationError({field: message}) from error


def written_period(text, field="period"):
    """``(text to keep, first day, last day)`` of a period typed into a model's ``field``.

    A single day is kept as a date (the text comes back empty), so that it is shown in the
    reader's language; any other period keeps the words the planner wrote.
    """
    found = period_or_error(text, field)
    return ("" if found.kind == "day" else found.text), found.start, found.end


def period_display(text, start=None, end=None):
    """What a page prints for a period: the text as written, else its date(s)."""
    from .formatting import format_date

    if text:
        return text
    if start and end and start != end:
        return f"{format_date(start)} – {format_date(end)}"
    day = end or start
    return format_date(day) if day else ""
