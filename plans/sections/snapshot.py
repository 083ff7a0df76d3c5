"""Item declarations for snapshots: each item type says once which of its fields a snapshot
holds, with the label and the display value a person reads.

    GOAL = ItemType(
        key="goals", model=Goal,
        fields=("statement", "metric", "baseline", "target", "need", "target_date"),
        computed={"smart_missing": Computed(_("SMART criteria missing"), smart_missing_labels)},
        not_printed={"unit": _("printed with the baseline and target")},
        unknown={"baseline": _("unknown")},  # how None reads
    )
    snapshot = {"goals": GOAL.rows(goals_queryset)}

A snapshot row is plain JSON: ``id``, each field's value (Decimal as a string, dates and times
in ISO 8601, a choice as its stored value, a link as the linked item's name, many links as a
list of names) and, for a choice, ``<field>_label`` with its label in the active language.
The version compare, the PDF's changes appendix and the decision log read labels and display
values from here (``label()``, ``display()``): no internal field name or raw choice value
reaches a reader.
"""

import datetime
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property, partialmethod
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils import translation
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _

from ..formatting import format_date, format_datetime

# Values JSON keeps as they are: the most common by far, checked first (a snapshot of the
# large demo plan converts some 35,000 values).
_PLAIN = frozenset({str, int, float, bool})


def json_value(value):
    """A Python value as JSON keeps it: Decimal as a string (no float rounding), ISO dates."""
    if value is None or type(value) in _PLAIN:
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    return str(value)


def iso(value):
    return value.isoformat() if value is not None else None


def decimal(value):
    return None if value is None else str(value)


def display_date(value):
    """An ISO date of a snapshot as a reader reads it (``Computed(..., display=display_date)``)."""
    try:
        return format_date(datetime.date.fromisoformat(value))
    except (TypeError, ValueError):
        return str(value)


@dataclass(frozen=True)
class Computed:
    """A snapshot key that is not a model field: its label and how to compute it."""

    label: Any
    value: Callable  # fn(obj) -> JSON-able
    display: Callable | None = None  # fn(value) -> str; the value as text when None


@dataclass(frozen=True)
class ItemType:
    key: str
    model: type
    # The fields a snapshot row holds; by default the model's EDITABLE_FIELDS (what its form
    # edits), when it declares them.
    fields: tuple = ()
    computed: dict = field(default_factory=dict)
    # Labels of snapshot keys a section's own snapshot adds (nested data, totals).
    labels: dict = field(default_factory=dict)
    # Fields a form accepts that the document does not print, each with the reason.
    not_printed: dict = field(default_factory=dict)
    # Fields the document prints under another snapshot key (``{"method_type": "type_label"}``).
    printed_as: dict = field(default_factory=dict)
    # How a key left unknown (None) reads: ``{"likelihood": _("not yet rated")}``. Unknown is
    # a value a reader must see, not a blank that looks like a field nobody filled in.
    unknown: dict = field(default_factory=dict)

    def __post_init__(self):
        if not self.fields:
            object.__setattr__(self, "fields", tuple(getattr(self.model, "EDITABLE_FIELDS", ())))

    def only(self, *names):
        """The same item type, reduced to the keys ``names`` (what a chart draws): the same
        values as its full rows, without reading what is not drawn. Build it once (a module
        constant): each one resolves its reads once."""
        fields = tuple(f for f in self.fields if f in names)
        if not fields:
            raise ValueError(f"{self.key}: none of {names} is a field")
        return replace(
            self,
            fields=fields,
            computed={k: v for k, v in self.computed.items() if k in names},
        )

    @property
    def verbose_name(self):
        return self.model._meta.verbose_name

    @property
    def verbose_name_plural(self):
        return self.model._meta.verbose_name_plural

    def _field(self, name):
        try:
            return self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None

    # writing a snapshot ----------------------------------------------------------------

    @cached_property
    def _reads(self):
        """How each declared field is read, ``(name, kind, attribute, choice field)``: resolved
        once per item type, not once per row."""
        reads = []
        for name in self.fields:
            f = self._field(name)
            if f is None:
                reads.append((name, "attr", name, None))
            elif f.many_to_many or f.one_to_many:
                reads.append((name, "many", name, None))
            elif f.many_to_one or f.one_to_one:
                reads.append((name, "one", name, None))
            else:
                # A model's own ``get_<field>_display`` is called; Django's is read from a table.
                own = not isinstance(
                    inspect.getattr_static(self.model, f"get_{name}_display", None), partialmethod
                )
                kind = ("own_display" if own else "choice") if f.choices else "value"
                reads.append((name, kind, f.attname, f))
        return tuple(reads)

    def _choice_labels(self):
        """``{field: {stored value: label}}`` in the active language, as ``get_<field>_display``
        gives them: built once per item type and language, not once per row."""
        language = translation.get_language()
        by_language = self.__dict__.setdefault("_choice_labels_by_language", {})
        if language not in by_language:
            by_language[language] = {
                name: {make_hashable(value): str(label) for value, label in f.flatchoices}
                for name, kind, _attname, f in self._reads
                if kind == "choice"
            }
        return by_language[language]

    def _row(self, obj, choice_labels, extra):
        data = {"id": obj.pk}
        for name, kind, attname, _f in self._reads:
            if kind == "attr":
                data[name] = json_value(getattr(obj, name))
            elif kind == "many":
                data[name] = [str(v) for v in getattr(obj, name).all()]
            elif kind == "one":
                related = getattr(obj, name)
                data[name] = str(related) if related is not None else ""
            else:
                value = getattr(obj, attname)
                data[name] = json_value(value)
                if value in (None, "") and kind == "choice":
                    # Not given: the label says so when the declaration says how, else nothing.
                    data[f"{name}_label"] = str(self.unknown.get(name, ""))
                elif kind == "choice":
                    key = make_hashable(value)
                    data[f"{name}_label"] = str(choice_labels[name].get(key, value))
                elif kind == "own_display":
                    data[f"{name}_label"] = str(getattr(obj, f"get_{name}_display")())
        for name, spec in self.computed.items():
            data[name] = json_value(spec.value(obj))
        if extra:
            data.update({k: json_value(v) for k, v in extra.items()})
        return data

    def row(self, obj, **extra):
        return self._row(obj, self._choice_labels(), extra)

    def rows(self, objects, **extra):
        choice_labels = self._choice_labels()
        return [self._row(obj, choice_labels, extra) for obj in objects]

    def plan_rows(self, plan, **extra):
        """The rows of the plan's items in list order, for a type no selector joins for."""
        items = self.model.objects.filter(plan=plan).order_by("position", "id")
        return self.rows(items, **extra)

    # reading one -----------------------------------------------------------------------

    def knows(self, key):
        if key == "id" or key in self.computed or key in self.labels:
            return True
        if key.endswith("_label") and self._field(key[: -len("_label")]) is not None:
            return True
        return self._field(key) is not None

    def label(self, key):
        """The name a reader sees for a snapshot key."""
        if key in self.computed:
            return str(self.computed[key].label)
        if key in self.labels:
            return str(self.labels[key])
        f = self._field(key)
        if f is not None:
            name = str(getattr(f, "verbose_name", key))
            return name[:1].upper() + name[1:]
        return None

    def display(self, key, value):
        """A snapshot value as a reader sees it: choices by label, dates in the active language."""
        if value in (None, "") and key in self.unknown:
            return str(self.unknown[key])
        if value is None or value == "":
            return ""
        if key in self.computed and self.computed[key].display:
            return self.computed[key].display(value)
        f = self._field(key)
        if f is not None and getattr(f, "choices", None):
            labels = {str(k): v for k, v in f.flatchoices}
            if isinstance(value, list):
                return ", ".join(str(labels.get(str(v), v)) for v in value)
            return str(labels.get(str(value), value))
        if f is not None and isinstance(value, str):
            internal = f.get_internal_type()
            try:
                if internal == "DateField":
                    return format_date(datetime.date.fromisoformat(value))
                if internal == "DateTimeField":
                    return format_datetime(datetime.datetime.fromisoformat(value))
            except ValueError:
                return value
        if isinstance(value, bool):
            return str(_("Yes") if value else _("No"))
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value)
