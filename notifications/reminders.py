"""Daily reminders of what falls due (``plans/sections/reminders.py``): the sections' dates
(tasks, risk reviews, measurements) and what extensions add (approvals: the reviews due), sent
as notifications of the kind "reminders" to each person concerned who is still a member of the
plan, once per item and date. Each person chooses to get them at once, in the digest or not
by e-mail (``NotificationPreference``), as for the other kinds."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction

from plans.models import Membership, Plan, PlanStatus
from plans.permissions import Capability, role_can
from plans.sections import registry
from plans.sections.extensions import extensions

from .models import Kind, Notification
from .services import notify


def plan_dues(plan, *, today, until):
    """What falls due in the plan by ``until``: the sections' dates, then the extensions'
    (approvals adds the reviews due)."""
    dues = []
    for section in registry.all():
        if section.reminders is not None:
            dues += section.reminders(plan, today=today, until=until)
    return dues + extensions.reminders(plan, today=today, until=until)


def remind(*, today):
    """Send today's reminders; returns how many notifications were made."""
    until = today + timedelta(days=settings.REMINDER_DAYS_AHEAD)
    made = 0
    plans = Plan.objects.exclude(status=PlanStatus.CLOSED).order_by("pk")
    for plan in plans.iterator():
        members = {
            m.user_id: m for m in Membership.objects.filter(plan=plan).select_related("user")
        }
        if not members:
            continue
        planners = [m.user for m in members.values() if role_can(m.role, Capability.EDIT)]
        dues = plan_dues(plan, today=today, until=until)
        # Who was told of what already: one query per plan, not one per item.
        told = set(
            Notification.objects.filter(reminder_key__in=[d.key for d in dues]).values_list(
                "reminder_key", "recipient_id"
            )
        )
        for item in dues:
            people = [p for p in item.people if p.pk in members] if item.people else planners
            people = [p for p in people if (item.key, p.pk) not in told]
            if not people:
                continue
            try:
                with transaction.atomic():
                    made += len(
                        notify(
                            recipients=people,
                            kind=Kind.REMINDER,
                            plan=plan,
                            context={"reminder": item, "reminder_key": item.key, "url": item.url},
                        )
                    )
            except IntegrityError:
                continue  # another run reminded them at the same moment
    return made
