"""The generic write path of every section item: create, update, delete, move.

Each function is a service (STYLE.md): keyword arguments, one transaction, ``full_clean()``
before the save, the history row carries the acting user and the change reason. A phase app's
own services call these for its items and add its domain rules around them; the item lists
(``collection.InlineCollection``) call them unless the declaration names the app's service.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _

from ..concurrency import lock_current
from ..history import change_reason, m2m_set


def set_history(instance, user, reason=None):
    """The history row ``instance``'s next save writes: who did it, and why when said."""
    instance._history_user = user
    if reason:
        instance._change_reason = change_reason(reason)


def _apply(instance, data):
    """Set plain fields on ``instance``; return the many-to-many values, set after the save."""
    m2m = {}
    for name, value in data.items():
        f = instance._meta.get_field(name)
        if f.many_to_many:
            m2m[name] = value
        else:
            setattr(instance, name, value)
    return m2m


def next_position(model, plan, **scope):
    last = model.objects.filter(plan=plan, **scope).aggregate(m=Max("position"))["m"]
    return 0 if last is None else last + 1


def _save(instance, data, user, reason):
    """``data`` set on ``instance``, validated as the model says, saved with its history."""
    m2m = _apply(instance, data)
    instance.full_clean()
    set_history(instance, user, reason)
    instance.save()
    m2m_set(instance, m2m)
    return instance


@transaction.atomic
def item_create(*, plan, model, data, user, reason=None):
    """Create an item at the end of its list."""
    instance = model(plan=plan, position=next_position(model, plan))
    return _save(instance, data, user, reason)


@transaction.atomic
def item_update(*, instance, data, expected_version, user, reason=None):
    """Save an edit based on ``expected_version``; a stale one raises ConflictError."""
    current = lock_current(instance, expected_version)
    current.version += 1
    return _save(current, data, user, reason)


@transaction.atomic
def item_delete(*, instance, expected_version, user, reason=None):
    current = lock_current(instance, expected_version)
    set_history(current, user, reason)
    try:
        current.delete()
    except ProtectedError as error:
        # Items that depend on this one (a budget line's sub-lines) are never deleted with it.
        names = sorted({str(obj) for obj in error.protected_objects})
        shown = ", ".join(f"“{name}”" for name in names[:5]) + (" …" if len(names) > 5 else "")
        raise ValidationError(
            _("Delete or change first what depends on this item: %(items)s.") % {"items": shown}
        ) from error


@transaction.atomic
def item_move(*, instance, direction, user, scope=None):
    """Swap an item with its neighbour above (``up``) or below (``down``).

    ``scope`` narrows the neighbours to the item's own list when several lists share a model
    (a KPI's milestones: ``{"kpi_id": ...}``).
    """
    model = type(instance)
    items = list(
        model.objects.select_for_update()
        .filter(plan_id=instance.plan_id, **(scope or {}))
        .order_by("position", "id")
    )
    index = next(i for i, item in enumerate(items) if item.pk == instance.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            item.version += 1
            set_history(item, user)
            item.save()
