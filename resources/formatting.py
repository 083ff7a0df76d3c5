"""Money as people read it in the plan's language; the functions live in ``plans.formatting``
so every section (and the plan document) formats amounts the same way."""

from plans.formatting import NBSP, SYMBOLS, format_money, format_number, format_percent, to_decimal

__all__ = ["NBSP", "SYMBOLS", "format_money", "format_number", "format_percent", "to_decimal"]
