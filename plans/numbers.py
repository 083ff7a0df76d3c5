"""Numbers as people type them, read the same way by every form and every import.

One parser for the whole app (the item forms, the measurement import, the plan import): in French
"71,3", "71.3", "52 000 000 000" (with a space, a no-break or a narrow no-break space) and "1 547";
in English "1,547.5" and "1 547.5". A number it cannot read without guessing is refused with a
message that says how to write it, never misread: "71,3" in English is not 713, "1.547,5" mixes two
decimal marks.

Form fields use a text input with ``inputmode`` (a phone shows its number pad) instead of
``<input type=number>``: browsers localise that one inconsistently (a French Chromium turns a typed
"71,3" into 713). Values are shown back in the user's language ("71,3" in French).
"""

import re
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .formatting import active_language

# Characters people put between groups of thousands: space, no-break, narrow no-break, thin and
# figure spaces, and the typographic apostrophe some spreadsheets use.
SPACES = " \u00a0\u202f\u2009\u2007"
MINUS = "-\u2212\u2012\u2013"
# The decimal mark and the group separator each language writes; the comma and the point are
# both read as the decimal mark in French (people paste figures written either way).
DECIMAL_MARKS = {"fr": (",", "."), "en": (".",)}
GROUP_MARKS = {"fr": "", "en": ","}
_DIGITS = re.compile(r"^\d+$")


class NumberError(ValueError):
    """The text is not a number this parser can read without guessing; ``str()`` says why."""


def _language(language):
    code = (language or active_language() or "en").split("-")[0].split("_")[0].lower()
    return code if code in DECIMAL_MARKS else "en"


def _check_groups(groups, message):
    """``["52", "000", "000"]``: a first group of 1 to 3 digits, then groups of exactly 3."""
    first, rest = groups[0], groups[1:]
    if not _DIGITS.match(first) or len(first) > 3 and rest:
        raise NumberError(message)
    for group in rest:
        if len(group) != 3 or not _DIGITS.match(group):
            raise NumberError(message)


def parse_decimal(text, language=None):
    """``text`` as a ``Decimal``, read as written in ``language`` (default: the active one).

    Returns ``None`` for an empty text. Raises ``NumberError`` (a message for the user) for
    anything else that is not a number written the way that language writes numbers.
    """
    if text is None:
        return None
    if isinstance(text, Decimal):
        return text
    if isinstance(text, (int, float)):
        return Decimal(str(text))
    lang = _language(language)
    value = str(text).strip()
    if not value:
        return None
    sign = ""
    if value[0] in MINUS or value[0] == "+":
        sign = "-" if value[0] in MINUS else ""
        value = value[1:].lstrip(SPACES)
    example = _("Write it like 1 547,5 or 71,3.") if lang == "fr" else _("Write it like 1,547.5.")
    not_a_number = _("“%(text)s” is not a number. %(example)s") % {
        "text": str(text).strip(),
        "example": example,
    }
    if not value or any(c not in "0123456789.," + SPACES for c in value):
        raise NumberError(not_a_number)
    marks = DECIMAL_MARKS[lang]
    group_mark = GROUP_MARKS[lang]
    used = [m for m in ",." if m in value and m not in group_mark]
    if len(used) > 1:
        raise NumberError(
            _("“%(text)s” mixes a comma and a point. %(example)s")
            % {"text": str(text).strip(), "example": example}
        )
    integer, fraction = value, ""
    if used:
        mark = used[0]
        if mark not in marks or value.count(mark) > 1:
            raise NumberError(not_a_number)
        integer, fraction = value.split(mark)
        if not _DIGITS.match(fraction):
            raise NumberError(not_a_number)
    integer = integer.strip(SPACES) if not used else integer
    if integer and integer[-1] in SPACES:
        raise NumberError(not_a_number)
    if not integer:
        integer = "0"
    separators = SPACES + group_mark
    pieces = re.split("[" + re.escape(separators) + "]", integer)
    if len(pieces) > 1:
        _check_groups(
            pieces,
            _("“%(text)s”: thousands go in groups of three digits. %(example)s")
            % {"text": str(text).strip(), "example": example},
        )
    try:
        return Decimal(sign + "".join(pieces) + ("." + fraction if fraction else ""))
    except InvalidOperation as error:  # pragma: no cover - the checks above leave only digits
        raise NumberError(not_a_number) from error


def format_input(value, language=None, decimal_places=None):
    """``value`` as the user's language writes it in a form field: "71,3", "52 000 000 000"."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal):
        try:
            value = Decimal(str(value))
        except InvalidOperation:
            return str(value)
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    else:
        value = value.normalize()
    text = format_decimal(value, locale=_language(language), decimal_quantization=False)
    return text.replace("\u202f", "\u00a0")  # one kind of space in an input: the no-break one


class NumberInput(forms.TextInput):
    """A text input that shows the value in the user's language and brings up a number pad."""

    def __init__(self, attrs=None, integer=False):
        attrs = {"inputmode": "numeric" if integer else "decimal", "autocomplete": "off"} | (
            attrs or {}
        )
        super().__init__(attrs)

    def format_value(self, value):
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            return format_input(value)
        return super().format_value(value)


class _Localized:
    """Range messages with the bound written in the user's language ("≤ 99,99", not 99.99)."""

    def __call__(self, value):
        if self.compare(self.clean(value), self.limit_value):
            params = {"limit_value": format_input(self.limit_value), "value": value}
            raise ValidationError(self.message, code=self.code, params=params)


class MaxValue(_Localized, MaxValueValidator):
    pass


class MinValue(_Localized, MinValueValidator):
    pass


def localize_bounds(validators):
    """Django's min/max validators of a form field, with the bound shown in the user's language."""
    out = []
    for v in validators:
        if type(v) is MaxValueValidator:
            v = MaxValue(v.limit_value, v.message)
        elif type(v) is MinValueValidator:
            v = MinValue(v.limit_value, v.message)
        out.append(v)
    return out


class _LocalizedNumber:
    """What the two number fields share: the one parser, bounds said in the user's language,
    and no browser ``min``/``max``/``step`` (a text input has none)."""

    widget = NumberInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = localize_bounds(self.validators)

    def parse(self, value):
        """The number typed, or None when nothing was; a ValidationError when unread."""
        if value in self.empty_values:
            return None
        try:
            return parse_decimal(value)
        except NumberError as error:
            raise ValidationError(str(error), code="invalid") from error

    def widget_attrs(self, widget):
        return forms.Field.widget_attrs(self, widget)


class LocalizedDecimalField(_LocalizedNumber, forms.DecimalField):
    """A decimal read by ``parse_decimal`` in the user's language; empty is unknown (None)."""

    def to_python(self, value):
        number = self.parse(value)
        if number is not None and not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class LocalizedIntegerField(_LocalizedNumber, forms.IntegerField):
    """A whole number read by ``parse_decimal`` ("1 547" in French, "1,547" in English)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", NumberInput(integer=True))
        super().__init__(**kwargs)

    def to_python(self, value):
        number = self.parse(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValidationError(_("Enter a whole number."), code="invalid")
        return int(number)


def _decimal_range(db_field):
    """The model field's bounds, from its validators or else from its digits (14, 2: 10^12)."""
    bounds = {}
    for validator in db_field.validators:
        if isinstance(validator, MinValueValidator):
            bounds["min_value"] = validator.limit_value
        elif isinstance(validator, MaxValueValidator):
            bounds["max_value"] = validator.limit_value
    if "max_value" not in bounds and db_field.max_digits is not None:
        places = db_field.decimal_places or 0
        bounds["max_value"] = Decimal(10) ** (db_field.max_digits - places) - Decimal(1).scaleb(
            -places
        )
    return bounds


def localized_formfield(db_field, **kwargs):
    """The ``formfield_callback`` of the item forms: numbers read by the one parser.

    A decimal field knows its range (shown in the message of a value out of it, instead of "no
    more than 14 digits"); the model's own validators keep their messages.
    """
    if not db_field.choices:
        if isinstance(db_field, models.DecimalField):
            field = db_field.formfield(
                form_class=LocalizedDecimalField, **(_decimal_range(db_field) | kwargs)
            )
            own = [
                v
                for v in db_field.validators
                if isinstance(v, (MinValueValidator, MaxValueValidator))
            ]
            if own:
                field.validators = [
                    v
                    for v in field.validators
                    if not isinstance(v, (MinValueValidator, MaxValueValidator))
                ] + own
            return field
        if isinstance(db_field, models.IntegerField) and not isinstance(db_field, models.AutoField):
            return db_field.formfield(form_class=LocalizedIntegerField, **kwargs)
    return db_field.formfield(**kwargs)
