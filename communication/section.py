"""The communication & engagement section: registered with the plan in ``apps.ready()``."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.sections import Completeness, Section

from . import selectors
from .models import Channel, CommunicationEntry, Engagement, EngagementKind, Frequency

GUIDANCE = _(
    "Plan who needs to hear from the team, what they need to hear, through which channel and "
    "how often. Each audience is a stakeholder from the needs assessment or a wider group. "
    "Keep the key messages short and adapted to each audience, name the person who sends them, "
    "and say how the audience can answer: communication that never listens erodes trust.\n"
    "The calendar follows from the frequencies and flags what is late.\n"
    "Log every meeting, workshop and feedback session: who took part, what was said, the "
    "concerns raised and what must follow. A follow-up can become a task of the action plan in "
    "one click. Stakeholders who have not been engaged as often as the plan says are flagged."
)


def completeness(plan):
    stats = CommunicationEntry.objects.filter(plan=plan).aggregate(
        total=Count("id"),
        without_feedback=Count("id", filter=Q(feedback_mechanism="")),
        stakeholders=Count("audience_stakeholder", distinct=True),
    )
    engaged = Engagement.objects.filter(plan=plan).exists()
    missing, done = [], 0
    if stats["total"]:
        done += 1
    else:
        missing.append(_("Plan at least one communication."))
    if stats["stakeholders"]:
        done += 1
    else:
        missing.append(_("Address at least one stakeholder directly in the communication plan."))
    if stats["total"] and not stats["without_feedback"]:
        done += 1
    else:
        missing.append(_("Give every communication a feedback mechanism."))
    if engaged:
        done += 1
    else:
        missing.append(_("Log at least one engagement with stakeholders."))
    return Completeness(done=done, total=4, missing=tuple(missing))


DEMO_STAKEHOLDERS = [
    ("Parents' association of Riverside schools", "Riverside parents' association"),
    ("Head teachers of the four primary schools", "Riverside school board"),
    ("Canal Street shopkeepers", "Riverside traders' union"),
    ("Neighbourhood police team", "City police"),
]

DEMO_ENTRIES = [
    (
        0,
        "",
        "Why the 30 km/h zone matters for children\nHow to join a walking bus",
        Channel.NEWSLETTER,
        Frequency.MONTHLY,
        -75,
        "Communication officer, Mobility department",
        "Reply card in the newsletter and a monthly open hour at Elm School",
        -40,
    ),
    (
        1,
        "",
        "Progress on crossings and walking buses\nWhat schools can do this month",
        Channel.MEETING,
        Frequency.QUARTERLY,
        -100,
        "Project lead",
        "Round table at the end of each meeting; minutes shared within a week",
        None,
    ),
    (
        2,
        "",
        "Delivery windows outside school peaks\nParking changes on Canal Street",
        Channel.WORKSHOP,
        Frequency.HALF_YEARLY,
        -30,
        "Local economy officer",
        "Written questions collected before the workshop",
        None,
    ),
    (
        None,
        "All residents of the Riverside district",
        "What changes on the school routes and when",
        Channel.WEBSITE,
        Frequency.MONTHLY,
        -60,
        "Web editor, City communication service",
        "Comment form on the project page, answered within ten days",
        -30,
    ),
    (
        None,
        "Local press",
        "Results of the first school year",
        Channel.PRESS,
        Frequency.ONCE,
        20,
        "Deputy mayor for mobility",
        "Questions from journalists answered at the press conference; readers' letters logged",
        None,
    ),
    (
        3,
        "",
        "Enforcement days and speed checks near schools",
        Channel.EMAIL,
        Frequency.FORTNIGHTLY,
        -50,
        "Road safety officer",
        "Direct reply to the project mailbox",
        -3,
    ),
]

DEMO_ENGAGEMENTS = [
    (
        EngagementKind.WORKSHOP,
        "Route mapping workshop with parents",
        -45,
        [0, 1],
        "Forty parents marked the dangerous spots on a large map of the district.",
        "Cars parking on the pavement near Elm School\nNo lighting on the canal path in winter",
        "Ask the parking service for enforcement at Elm School\nPrice lighting for the canal path",
    ),
    (
        EngagementKind.MEETING,
        "Meeting with Canal Street shopkeepers",
        -20,
        [2],
        "Shopkeepers agreed to move deliveries outside 8:00–8:45 if loading bays are kept.",
        "Fear of losing customers who park briefly in front of shops",
        "Draft a delivery charter with the traders' union",
    ),
    (
        EngagementKind.FEEDBACK,
        "Feedback session on the first walking buses",
        -10,
        [0, 1, 3],
        "Volunteers and teachers reviewed the first month of walking buses.",
        "Volunteers lack reflective vests",
        "Order 60 reflective vests\nRecruit volunteers at the school fair",
    ),
]


def _stakeholders(plan, user):
    from assessments.models import Stakeholder
    from plans.inline import item_create

    found = list(Stakeholder.objects.filter(plan=plan).order_by("position", "id"))
    if found:
        return found
    return [
        item_create(
            plan=plan, model=Stakeholder, data={"name": name, "organisation": org}, user=user
        )
        for name, org in DEMO_STAKEHOLDERS
    ]


def demo(plan, *, size, user, rng):
    from plans.inline import item_create

    today = timezone.localdate()
    people = _stakeholders(plan, user)
    repeat = 8 if size == "large" else 1
    for round_ in range(repeat):
        for who, group, messages, channel, frequency, start, owner, feedback, done in DEMO_ENTRIES:
            start_date = today + datetime.timedelta(days=start)
            item_create(
                plan=plan,
                model=CommunicationEntry,
                data={
                    "audience_stakeholder": people[who % len(people)] if who is not None else None,
                    "audience_group": group + (f" ({round_})" if round_ and group else ""),
                    "key_messages": messages,
                    "channel": channel,
                    "frequency": frequency,
                    "start_date": start_date,
                    "owner": owner,
                    "feedback_mechanism": feedback,
                    "last_done_on": today + datetime.timedelta(days=done)
                    if done is not None
                    else None,
                },
                user=user,
            )
        for kind, title, days, who, summary, concerns, follow_ups in DEMO_ENGAGEMENTS:
            item_create(
                plan=plan,
                model=Engagement,
                data={
                    "kind": kind,
                    "title": title + (f" ({round_})" if round_ else ""),
                    "date": today + datetime.timedelta(days=days - round_ * 7),
                    "participants": [people[i % len(people)] for i in who],
                    "summary": summary,
                    "concerns": concerns,
                    "follow_ups": follow_ups,
                },
                user=user,
            )
    # Follow-ups stay follow-ups in the demo: turning one into a task would add a task with no
    # owner or dates to an otherwise complete action plan.


section = Section(
    key="communication",
    title=_("Communication & engagement"),
    order=90,
    guidance=GUIDANCE,
    url_name="communication:page",
    snapshot=selectors.snapshot,
    completeness=completeness,
    document_template="communication/document.html",
    models=(CommunicationEntry, Engagement),
    demo=demo,
)
