"""Numbers and money as people read them in the plan's language: "€12,500.00" or "12 500,00 €".

Used by the sections' pages and by the plan document (``planner_tags``' ``doc_*`` filters).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import numberformat, translation
from django.utils.formats import date_format, get_format

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}
NBSP = "\u00a0"
# Dates in tables and charts must stay short: languages whose DATE_FORMAT spells the month in
# full get the abbreviated month ("2 oct. 2026"); the others keep theirs ("Oct. 2, 2026").
SHORT_DATE_FORMATS = {"fr": "j N Y"}
SHORT_DATETIME_FORMATS = {"fr": "j N Y, H:i"}


def active_language():
    return (translation.get_language() or "en").split("-")[0]


def format_date(value):
    """A date in the active language, month abbreviated where that language spells it out."""
    return date_format(value, SHORT_DATE_FORMATS.get(active_language(), "DATE_FORMAT"))


def format_month(value):
    """A month as its language abbreviates it, with the year: "Jan 2026", "janv. 2026"."""
    from babel.dates import format_date as babel_date

    return babel_date(value, "MMM y", locale=active_language())


def format_datetime(value):
    return date_format(value, SHORT_DATETIME_FORMATS.get(active_language(), "DATETIME_FORMAT"))


def to_decimal(value):
    if value is None or value == "":
        return Decimal("0")
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def format_number(value, language, decimal_pos=2):
    value = to_decimal(value).quantize(Decimal(1).scaleb(-decimal_pos), rounding=ROUND_HALF_UP)
    return numberformat.format(
        value,
        get_format("DECIMAL_SEPARATOR", language, use_l10n=True),
        decimal_pos=decimal_pos,
        grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR", language, use_l10n=True),
        force_grouping=True,
        use_l10n=True,
    )


def format_money(value, currency, language="en", decimal_pos=2):
    """``value`` (Decimal or its string) in ``currency``, formatted for ``language``."""
    number = format_number(value, language, decimal_pos)
    symbol = SYMBOLS.get(currency)
    if str(language).split("-")[0] == "fr":
        return f"{number}{NBSP}{symbol or currency}"
    if symbol:
        if number.startswith("-"):
            return f"-{symbol}{number[1:]}"
        return f"{symbol}{number}"
    return f"{currency}{NBSP}{number}"


def format_percent(value, language="en", decimal_pos=1):
    number = format_number(value, language, decimal_pos)
    return f"{number}{NBSP}%"
