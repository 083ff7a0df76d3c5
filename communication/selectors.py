"""Reads of the communication section: fixed query counts, whatever the plan's size."""

import datetime

from django.db.models import Max
from django.utils import timezone

from plans.selectors import filter_by_request

from .models import PERIOD_DAYS, CommunicationEntry, Engagement, Frequency, add_period

CALENDAR_DAYS = 90
MAX_OCCURRENCES = 500


def entries_for_plan(plan, request=None):
    qs = CommunicationEntry.objects.filter(plan=plan).select_related("audience_stakeholder")
    qs = filter_by_request(
        qs,
        request,
        search=("audience_group", "audience_stakeholder__name", "key_messages", "owner"),
        exact=("channel",),
    )
    entries = list(qs.order_by("position", "id"))
    return with_due_dates(entries)


def with_due_dates(entries, today=None):
    today = today or timezone.localdate()
    for entry in entries:
        entry.due = entry.next_due()
        entry.overdue = entry.due is not None and entry.due < today
    return entries


def entry_extra_context(plan, entries):
    with_due_dates([e for e in entries if not hasattr(e, "due")])
    return {}


def engagements_for_plan(plan, request=None):
    qs = Engagement.objects.filter(plan=plan).prefetch_related("participants", "follow_up_tasks")
    qs = filter_by_request(
        qs,
        request,
        search_param="eq",
        search=("title", "summary", "concerns", "follow_ups", "participants__name"),
    ).distinct()
    return list(qs.order_by("-date", "-id"))


def engagement_extra_context(plan, engagements):
    for engagement in engagements:
        done = {task.title for task in engagement.follow_up_tasks.all()}
        engagement.follow_up_items = [
            {"index": i, "text": line, "task_created": line[:200] in done}
            for i, line in enumerate(engagement.follow_up_lines())
        ]
    return {}


def calendar(plan, entries=None, *, today=None, days=CALENDAR_DAYS):
    """Occurrences due from today over ``days`` days, plus the overdue ones, by date.

    A communication whose due date has passed appears once, flagged as overdue, on the date it
    was due; its later occurrences follow as usual.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=days)
    if plan.end_date and plan.end_date < horizon:
        horizon = plan.end_date
    if entries is None:
        entries = list(
            CommunicationEntry.objects.filter(plan=plan)
            .select_related("audience_stakeholder")
            .order_by("position", "id")
        )
    occurrences = []
    for entry in entries:
        due = entry.next_due()
        if due is None:
            continue
        if due < today:
            occurrences.append({"date": due, "entry": entry, "overdue": True})
        if entry.frequency == Frequency.ONCE:
            if today <= due <= horizon:
                occurrences.append({"date": due, "entry": entry, "overdue": False})
            continue
        count = 0
        date = due
        while date < today:
            count += 1
            date = add_period(due, entry.frequency, count)
        while date <= horizon and len(occurrences) < MAX_OCCURRENCES:
            occurrences.append({"date": date, "entry": entry, "overdue": False})
            count += 1
            date = add_period(due, entry.frequency, count)
    occurrences.sort(key=lambda o: (not o["overdue"], o["date"], o["entry"].pk))
    return occurrences


def calendar_by_month(occurrences):
    months = []
    for occurrence in occurrences:
        key = "overdue" if occurrence["overdue"] else occurrence["date"].replace(day=1)
        if not months or months[-1]["key"] != key:
            months.append({"key": key, "items": []})
        months[-1]["items"].append(occurrence)
    return months


def stakeholders_to_engage(plan, entries=None, *, today=None):
    """Stakeholders whose last engagement is older than their communication plan allows."""
    from assessments.models import Stakeholder

    today = today or timezone.localdate()
    if entries is None:
        entries = list(
            CommunicationEntry.objects.filter(plan=plan).select_related("audience_stakeholder")
        )
    allowed = {}
    for entry in entries:
        if entry.audience_stakeholder_id and entry.frequency in PERIOD_DAYS:
            days = PERIOD_DAYS[entry.frequency]
            current = allowed.get(entry.audience_stakeholder_id)
            if current is None or days < current[1]:
                allowed[entry.audience_stakeholder_id] = (entry.audience_stakeholder, days)
    if not allowed:
        return []
    last = dict(
        Stakeholder.objects.filter(plan=plan, pk__in=allowed)
        .annotate(last=Max("engagement_logs__date"))
        .values_list("pk", "last")
    )
    flagged = []
    for pk, (stakeholder, days) in allowed.items():
        last_date = last.get(pk)
        if last_date is None or (today - last_date).days > days:
            flagged.append(
                {
                    "stakeholder": stakeholder,
                    "last": last_date,
                    "days": days,
                    "since": None if last_date is None else (today - last_date).days,
                }
            )
    flagged.sort(key=lambda f: (f["last"] is not None, f["last"] or today, f["stakeholder"].name))
    return flagged


def _iso(value):
    return value.isoformat() if value else None


def snapshot(plan):
    entries = with_due_dates(
        list(
            CommunicationEntry.objects.filter(plan=plan)
            .select_related("audience_stakeholder")
            .order_by("position", "id")
        )
    )
    engagements = list(
        Engagement.objects.filter(plan=plan)
        .prefetch_related("participants", "follow_up_tasks")
        .order_by("-date", "-id")
    )
    return {
        "entries": [
            {
                "audience": e.audience,
                "audience_is_stakeholder": bool(e.audience_stakeholder_id),
                "key_messages": [m.strip() for m in e.key_messages.splitlines() if m.strip()],
                "channel": e.channel,
                "channel_label": str(e.get_channel_display()),
                "frequency": e.frequency,
                "frequency_label": str(e.get_frequency_display()),
                "start_date": _iso(e.start_date),
                "owner": e.owner,
                "feedback_mechanism": e.feedback_mechanism,
                "last_done_on": _iso(e.last_done_on),
                "next_due": _iso(e.due),
            }
            for e in entries
        ],
        "engagements": [
            {
                "kind": g.kind,
                "kind_label": str(g.get_kind_display()),
                "title": g.title,
                "date": _iso(g.date),
                "participants": [p.name for p in g.participants.all()],
                "summary": g.summary,
                "concerns": g.concerns,
                "follow_ups": g.follow_up_lines(),
                "tasks": sorted(t.title for t in g.follow_up_tasks.all()),
            }
            for g in engagements
        ],
    }
