"""Optimistic concurrency for every editable row: no edit silently overwrites another.

Each editable row has a ``version`` counter. A form carries the version it was based on; the
save locks the row, compares, and refuses a stale save with ``ConflictError`` carrying the
row as it stands now, so the page can show both values side by side.
"""

from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction

from .inputs import parse_version


class ConflictError(Exception):
    def __init__(self, current):
        super().__init__("The item was changed by someone else since it was loaded.")
        self.current = current


def lock_current(instance, expected_version):
    """Lock ``instance``'s row and check it is still at ``expected_version``.

    Must run inside a transaction. Returns the locked, fresh row. A version that is not a
    number (a tampered form) is a ValidationError, which every caller shows as a refusal.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_current() needs an open transaction")
    expected = parse_version(expected_version)  # "abc" from a tampered form: ValidationError
    model = type(instance)
    current = model._default_manager.select_for_update().get(pk=instance.pk)
    if expected is None or expected != current.version:
        raise ConflictError(current)
    return current


def display_value(instance, field):
    """A field's value as a person reads it (choices by label, relations by name)."""
    value = getattr(instance, field.name, None)
    if field.choices:
        return getattr(instance, f"get_{field.name}_display")()
    if field.many_to_many:
        return ", ".join(str(v) for v in value.all()) if instance.pk else ""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # As the form shows it ("14", "71,3"): 14 typed and 14.00 stored are the same value.
        from .numbers import format_input

        return format_input(value)
    return str(value)


def conflict_rows(form, current):
    """Rows (label, my value, their value) for the fields where the two versions differ."""
    rows = []
    mine = form.instance
    for name, bound in form.fields.items():
        if name == "version":
            continue
        try:
            field = current._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field has nothing to compare
            continue
        if field.many_to_many:
            mine_value = ", ".join(str(v) for v in form.cleaned_data.get(name, []) or [])
        else:
            mine_value = display_value(mine, field)
        their_value = display_value(current, field)
        if mine_value != their_value:
            rows.append((bound.label or field.verbose_name, mine_value, their_value))
    return rows


def apply_validation_error(form, error):
    """Show a service's ValidationError on the form, next to the field when it names one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def save_versioned_form(form, save):
    """Run ``save()`` for a valid form that carries a version; returns ``(saved, conflict)``.

    A stale save comes back as ``conflict`` (the rows to show side by side) and the form is
    re-based on the stored version, so saving again is a deliberate overwrite by someone who
    has seen both values. A service's ValidationError lands on the form.
    """
    try:
        save()
    except ConflictError as error:
        form.data = form.data.copy()
        form.data["version"] = error.current.version
        return False, {"rows": conflict_rows(form, error.current), "current": error.current}
    except ValidationError as error:
        apply_validation_error(form, error)
        return False, None
    return True, None
