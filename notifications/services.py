"""In-app notifications and their e-mails. Everything arrives through ``plans.signals.plan_event``.

Each person chooses per kind: an e-mail at once, a daily digest, or no e-mail; the inbox always
shows the notification. E-mails go through Celery tasks enqueued once the transaction commits.
"""

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.sections import registry

from .models import Delivery, Kind, Notification, NotificationPreference


def _section_title(key):
    return str(registry.get(key).title) if key and key in registry else ""


# The one-line text of each kind: ``actor``, ``plan`` and ``section`` are filled in.
TEXTS = {
    Kind.MENTION: gettext_lazy("%(actor)s mentioned you in “%(section)s” of “%(plan)s”."),
    Kind.REPLY: gettext_lazy(
        "%(actor)s replied in a discussion you take part in, in “%(section)s” of “%(plan)s”."
    ),
    Kind.REVIEW_REQUESTED: gettext_lazy(
        "%(actor)s asks you to review “%(section)s” in “%(plan)s”."
    ),
    Kind.APPROVED: gettext_lazy("%(actor)s approved “%(section)s” in “%(plan)s”."),
    Kind.CHANGES_REQUESTED: gettext_lazy(
        "%(actor)s requested changes to “%(section)s” in “%(plan)s”."
    ),
    Kind.EXPORT_READY: gettext_lazy("The document of “%(plan)s” is ready to download."),
    Kind.OUTSIDE_REVIEW: gettext_lazy("%(actor)s commented on “%(section)s” in “%(plan)s”."),
}


# The same, for a discussion about one item of the section: the item is named too.
ITEM_TEXTS = {
    Kind.MENTION: gettext_lazy(
        "%(actor)s mentioned you about “%(item)s” in “%(section)s” of “%(plan)s”."
    ),
    Kind.REPLY: gettext_lazy(
        "%(actor)s replied in a discussion you take part in about “%(item)s” in “%(section)s” "
        "of “%(plan)s”."
    ),
}


def notification_text(kind, *, plan, actor, context):
    """The one-line text of a notification, in the active language: who, which plan, which
    section and, for a discussion about one item, which item."""
    values = {
        "actor": actor.name if actor else (context.get("actor_name") or _("Someone")),
        "plan": plan.title if plan else "",
        "section": _section_title(context.get("section_key")),
        "item": (context.get("item_label") or "")[:120],
    }
    reminder = context.get("reminder")
    if kind == Kind.REMINDER and reminder is not None:
        text = str(reminder.template) % {
            "what": reminder.what,
            "when": formats.date_format(reminder.when, "DATE_FORMAT"),
        }
        return _("%(plan)s: %(reminder)s") % {"plan": values["plan"], "reminder": text}
    if values["item"] and kind in ITEM_TEXTS:
        return ITEM_TEXTS[kind] % values
    if kind in TEXTS:
        return TEXTS[kind] % values
    return str(context.get("text") or kind)


def deliveries(users, kind):
    """{user id: delivery} for ``kind``; immediate unless the person chose otherwise."""
    chosen = dict(
        NotificationPreference.objects.filter(user__in=users, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return {u.pk: chosen.get(u.pk, Delivery.IMMEDIATE) for u in users}


def notify(*, recipients, kind, plan=None, actor=None, context=None):
    """Add a notification to each recipient's inbox (never to the actor's) and send e-mails."""
    context = context or {}
    seen = set()
    people = []
    for user in recipients:
        if user is None or user.pk in seen or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        people.append(user)
    if not people:
        return []
    chosen = deliveries(people, kind)
    created = []
    for user in people:
        with translation.override(user.language or "en"):
            text = notification_text(kind, plan=plan, actor=actor, context=context)
        created.append(
            Notification(
                recipient=user,
                plan=plan,
                kind=kind,
                actor=actor,
                text=text[:500],
                excerpt=(context.get("excerpt") or "")[:2000],
                url=context.get("url") or "",
                delivery=chosen[user.pk],
                reminder_key=context.get("reminder_key") or "",
            )
        )
    created = Notification.objects.bulk_create(created)
    immediate = [n.pk for n in created if n.delivery == Delivery.IMMEDIATE]
    if immediate:
        from .tasks import send_notification_email

        def enqueue():
            for pk in immediate:
                send_notification_email.delay(pk)

        transaction.on_commit(enqueue)
    return created


def on_plan_event(sender, *, plan=None, kind=None, actor=None, recipients=(), context=None, **kw):
    if kind not in Kind.values:
        return
    notify(recipients=list(recipients), kind=kind, plan=plan, actor=actor, context=context or {})


def mark_read(*, user, notification_id=None):
    """Mark the person's unread notifications read: one (by id; someone else's or an unknown id
    changes nothing), or all of them. Returns how many."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())


def preferences_save(*, user, choices):
    """``choices``: {kind: delivery}, checked by the form; one row per kind the person set."""
    for kind, delivery in choices.items():
        if kind not in Kind.values or delivery not in Delivery.values:
            raise ValueError(f"Unknown notification kind or delivery: {kind!r}, {delivery!r}")
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )
