"""Reads of the communication section: fixed query counts, whatever the plan's size."""

import datetime

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.sections.snapshot import Computed, ItemType, display_date

from .models import (
    PERIOD_DAYS,
    UNSCHEDULED,
    CommunicationEntry,
    Engagement,
    add_period,
    follow_up_title,
)

CALENDAR_DAYS = 90
MAX_OCCURRENCES = 500


def entries_for_plan(plan, *, filters=None):
    """The communication plan; its filter (search, channel) is declared on the list."""
    return (
        CommunicationEntry.objects.filter(plan=plan)
        .select_related("audience_stakeholder")
        .order_by("position", "id")
    )


def with_due_dates(entries, *, today=None):
    today = today or timezone.localdate()
    for entry in entries:
        entry.due = entry.next_due()
        entry.overdue = entry.due is not None and entry.due < today
    return entries


def entry_extra_context(plan, shown, queryset):
    """The next due date of each communication drawn."""
    with_due_dates([e for e in shown if not hasattr(e, "due")])
    return {}


def engagements_for_plan(plan, *, filters=None):
    return (
        Engagement.objects.filter(plan=plan)
        .prefetch_related("participants", "follow_up_tasks")
        .order_by("-date", "-id")
    )


def engagement_extra_context(plan, shown, queryset):
    """The follow-up lines of each engagement drawn, each with whether its task exists."""
    for engagement in shown:
        done = {task.title for task in engagement.follow_up_tasks.all()}
        engagement.follow_up_items = [
            {"index": i, "text": line, "task_created": follow_up_title(line) in done}
            for i, line in enumerate(engagement.follow_up_lines())
        ]
    return {}


def calendar(plan, *, entries=None, today=None, days=CALENDAR_DAYS):
    """Occurrences due from today over ``days`` days, plus the overdue ones, by date.

    A communication whose due date has passed appears once, flagged as overdue, on the date it
    was due; its later occurrences follow as usual.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=days)
    if plan.end_date and plan.end_date < horizon:
        horizon = plan.end_date
    if entries is None:
        entries = list(entries_for_plan(plan))
    occurrences = []
    for entry in entries:
        due = entry.next_due()
        if due is None:
            continue
        if due < today:
            occurrences.append({"date": due, "entry": entry, "overdue": True})
        if entry.frequency in UNSCHEDULED or not entry.frequency:
            if today <= due <= horizon:
                occurrences.append({"date": due, "entry": entry, "overdue": False})
            continue
        count = 0
        date = due
        while date < today:
            count += 1
            date = add_period(due, entry.frequency, count)
        last = min(horizon, entry.end_date) if entry.end_date else horizon
        while date <= last and len(occurrences) < MAX_OCCURRENCES:
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


def calendar_page(plan):
    """The calendar page: the next ``CALENDAR_DAYS`` days by month, the overdue first.

    Communications without a first date are listed apart, as not yet scheduled: never placed
    at a date the plan does not give.
    """
    entries = list(entries_for_plan(plan))
    occurrences = calendar(plan, entries=entries)
    return {
        "months": calendar_by_month(occurrences),
        "overdue_count": sum(1 for o in occurrences if o["overdue"]),
        "unscheduled": [e for e in entries if e.start_date is None],
        "days": CALENDAR_DAYS,
    }


def stakeholders_to_engage(plan, *, entries=None, today=None):
    """Stakeholders whose last engagement is older than their communication plan allows."""
    from assessments.models import Stakeholder

    today = today or timezone.localdate()
    if entries is None:
        entries = list(entries_for_plan(plan))
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


def page_overview(plan):
    """Beside the lists: what is due in the next two weeks and who must be engaged again."""
    entries = with_due_dates(list(entries_for_plan(plan)))
    return {
        "upcoming": calendar(plan, entries=entries, days=14)[:15],
        "to_engage": stakeholders_to_engage(plan, entries=entries),
    }


ENTRY = ItemType(
    key="entries",
    model=CommunicationEntry,
    # The audience once, by name (a stakeholder's or a group's), as the page and document show it.
    fields=(
        *(f for f in CommunicationEntry.EDITABLE_FIELDS if not f.startswith("audience_")),
        "end_date",
    ),
    computed={
        "audience": Computed(_("Audience"), lambda e: e.audience),
        "audience_is_stakeholder": Computed(
            _("Audience is a stakeholder"), lambda e: bool(e.audience_stakeholder_id)
        ),
        "next_due": Computed(_("Next due"), lambda e: e.next_due(), display=display_date),
    },
    printed_as={"audience_group": "audience", "audience_stakeholder": "audience"},
    unknown={"frequency": _("frequency not given")},
)
ENGAGEMENT = ItemType(
    key="engagements",
    model=Engagement,
    fields=("kind", "title", "date", "participants", "summary", "concerns", "follow_ups"),
    computed={
        "tasks": Computed(
            _("Tasks created from the follow-ups"),
            lambda g: sorted(t.title for t in g.follow_up_tasks.all()),
        ),
    },
)


def snapshot(plan):
    return {
        "entries": [
            # Messages one by one, as the document lists them.
            ENTRY.row(e, key_messages=[m.strip() for m in e.key_messages.splitlines() if m.strip()])
            for e in entries_for_plan(plan)
        ],
        "engagements": [
            # Participants by name (as the page shows them), follow-ups one by one.
            ENGAGEMENT.row(
                g,
                participants=[p.name for p in g.participants.all()],
                follow_ups=g.follow_up_lines(),
            )
            for g in engagements_for_plan(plan)
        ],
    }
