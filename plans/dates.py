"""The dates a plan may hold: years 1900 to 2200, the range every chart, feed and document
can draw (and the years ``plans/periods.py`` reads).

Python's dates stop at 9999-12-31, so a plan "ending" then breaks whatever adds a day or a
month to it (the Gantt chart's months, the calendar feed's exclusive end, the PDF); no plan
runs before 1900 or after 2200. The bound is checked once for every write path in the models
(``bounded_date_errors`` from ``Plan`` and ``PlanScopedModel.clean_fields``) and shown in the
form fields the toolkit builds (``bound_date_field``: the date picker's ``min``/``max`` and
the same message).
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

FIRST_YEAR, LAST_YEAR = 1900, 2200
DATE_MIN = datetime.date(FIRST_YEAR, 1, 1)
DATE_MAX = datetime.date(LAST_YEAR, 12, 31)


def out_of_bounds_message():
    return _("Enter a date between the years %(first)s and %(last)s.") % {
        "first": FIRST_YEAR,
        "last": LAST_YEAR,
    }


def in_bounds(value):
    if isinstance(value, datetime.datetime):
        value = value.date()
    return DATE_MIN <= value <= DATE_MAX


def bounded_date_errors(instance, exclude=None):
    """``{field name: [ValidationError]}`` for each editable date of ``instance`` out of bounds."""
    errors = {}
    for f in instance._meta.concrete_fields:
        if not isinstance(f, models.DateField) or not f.editable:
            continue
        if exclude and f.name in exclude:
            continue
        value = getattr(instance, f.attname, None)
        if isinstance(value, datetime.date) and not in_bounds(value):
            errors[f.name] = [ValidationError(out_of_bounds_message(), code="date_bounds")]
    return errors


class _DateBound:
    """A validator of the bound with its message, lazily translated."""

    def __init__(self, validator):
        self.validator = validator

    def __call__(self, value):
        try:
            self.validator(value)
        except ValidationError:
            raise ValidationError(out_of_bounds_message(), code="date_bounds") from None

    def __eq__(self, other):
        return isinstance(other, _DateBound) and self.validator == other.validator


DATE_VALIDATORS = (
    _DateBound(MinValueValidator(DATE_MIN)),
    _DateBound(MaxValueValidator(DATE_MAX)),
)


def bound_date_field(formfield):
    """``formfield`` (a forms.DateField) limited to the bounds: its validators and the date
    picker's ``min`` and ``max``. Returns it."""
    for validator in DATE_VALIDATORS:
        if validator not in formfield.validators:
            formfield.validators.append(validator)
    formfield.widget.attrs.setdefault("min", DATE_MIN.isoformat())
    formfield.widget.attrs.setdefault("max", DATE_MAX.isoformat())
    return formfield


class BoundedDateField(forms.DateField):
    """A date field of a form that is not an item form (the toolkit bounds those itself)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        bound_date_field(self)
