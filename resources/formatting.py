"""Money as people read it in the plan's language: "€12,500.00" or "12 500,00 €"."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import numberformat
from django.utils.formats import get_format

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}
NBSP = "\u00a0"


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
    if language == "fr":
        return f"{number}{NBSP}{symbol or currency}"
    if symbol:
        if number.startswith("-"):
            return f"-{symbol}{number[1:]}"
        return f"{symbol}{number}"
    return f"{currency}{NBSP}{number}"


def format_percent(value, language="en", decimal_pos=1):
    number = format_number(value, language, decimal_pos)
    return f"{number}{NBSP}%"
