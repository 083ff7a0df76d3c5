"""Dates people are reminded of (``Section.reminders``).

A section may declare ``reminders(plan, *, today, until)``: what falls due by ``until`` (or is
overdue), as ``Due`` values. ``notifications`` sends them daily (``send_reminders``, celery beat)
as notifications of the kind "reminders", which each person receives at once, in the daily
digest or not at all, as for the other kinds. Each ``Due`` has a key that names the item, the
date and whether it is coming or late: a person is reminded of it once, however often the task
runs.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Due:
    key: str  # "<app>.<model>:<pk>:<date>:<soon|late>"
    template: Any  # a lazy text with %(what)s and %(when)s, rendered in each person's language
    what: str  # the item, as its list names it
    when: date
    url: str  # the section's page
    # Whom to remind: the accounts linked to the item's owner; empty: the plan's planners.
    people: tuple = ()


def due(item, *, when, today, soon, late, what, url, people=()):
    """The ``Due`` of ``item`` on ``when``: its key (the item, the date, coming or late) and
    the text that says so (``soon`` or ``late``)."""
    meta = item._meta
    stage = "late" if when < today else "soon"
    return Due(
        key=f"{meta.app_label}.{meta.model_name}:{item.pk}:{when.isoformat()}:{stage}",
        template=late if stage == "late" else soon,
        what=what,
        when=when,
        url=url,
        people=tuple(people),
    )
