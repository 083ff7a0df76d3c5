"""Writes of history: bring an item back as one of its history rows had it."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.history import m2m_set
from plans.sections.items import item_update

from .entries import restorable_links, restorable_values


@transaction.atomic
def item_revert(*, record, user, expected_version=None):
    """Bring an item back to the state of a history row: a new change, history untouched.

    A deleted item is restored (with its id, at the end of its list).
    """
    model = record.instance_type
    data = restorable_values(record, model)
    links = restorable_links(record, model)
    when = timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M")
    current = model._default_manager.filter(pk=record.id).first()
    if current is not None:
        version = current.version if expected_version in (None, "") else expected_version
        return item_update(
            instance=current,
            data={**data, **links},
            expected_version=version,
            user=user,
            reason=_("Reverted to the version of %(date)s") % {"date": when},
        )
    instance = model(pk=record.id, plan_id=record.plan_id)
    for name, value in data.items():
        setattr(instance, name, value)
    last = model._default_manager.filter(plan_id=record.plan_id).aggregate(m=Max("position"))["m"]
    instance.position = 0 if last is None else last + 1
    instance.full_clean(validate_unique=True)
    instance._history_user = user
    instance._change_reason = _("Restored from the history")
    instance.save(force_insert=True)
    m2m_set(instance, links)
    return instance
