"""Filters for document templates: dates and amounts in the plan's language.

Snapshots hold dates as ISO strings and amounts as decimal strings; the document is rendered
with the plan's language active, so these filters print them the way its readers expect
("25 novembre 2026", "12 500,00").
"""

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats, timezone

register = template.Library()


def _as_date_or_datetime(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value
    if not value:
        return None
    text = str(value)
    try:
        if "T" in text or " " in text:
            parsed = datetime.datetime.fromisoformat(text)
            return timezone.localtime(parsed) if timezone.is_aware(parsed) else parsed
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


@register.filter
def doc_date(value):
    """An ISO date (or date) as a long date in the active language; unparseable: as given."""
    parsed = _as_date_or_datetime(value)
    if parsed is None:
        return value or ""
    if isinstance(parsed, datetime.datetime):
        parsed = parsed.date()
    return formats.date_format(parsed, "DATE_FORMAT")


@register.filter
def doc_datetime(value):
    parsed = _as_date_or_datetime(value)
    if parsed is None:
        return value or ""
    if not isinstance(parsed, datetime.datetime):
        return formats.date_format(parsed, "DATE_FORMAT")
    return formats.date_format(parsed, "DATETIME_FORMAT")


@register.filter
def doc_amount(value, places=2):
    """A decimal amount with the active language's separators and grouping."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return value
    return formats.number_format(
        number, decimal_pos=int(places), use_l10n=True, force_grouping=True
    )
