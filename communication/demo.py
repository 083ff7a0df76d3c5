"""Demo content of the communication section: a communication plan and an engagement log.

It writes only this app's items. The audiences and participants are the stakeholders of the needs
assessment (its demo runs first, see ``demo_after``), found by name; the demo never creates them.
"""

import datetime

from django.utils import timezone

from plans.demo import demo_scale
from plans.sections.items import item_create

from .models import Channel, CommunicationEntry, Engagement, EngagementKind, Frequency

PARENTS = "Parents' association of Riverside schools"
HEAD_TEACHERS = "Head teachers of the four primary schools"
SHOPKEEPERS = "Canal Street shopkeepers"
POLICE = "Riverside police traffic unit"

# ``stakeholder`` names a stakeholder of the plan, ``group`` a wider audience (one or the other);
# days are counted from today; ``done_days_ago`` None: not held yet.
DEMO_ENTRIES = [
    {
        "stakeholder": PARENTS,
        "group": "",
        "key_messages": "Why the 30 km/h zone matters for children\nHow to join a walking bus",
        "channel": Channel.NEWSLETTER,
        "frequency": Frequency.MONTHLY,
        "start_in_days": -75,
        "owner": "Communication officer, Mobility department",
        "feedback_mechanism": "Reply card in the newsletter and a monthly open hour at Elm School",
        "done_days_ago": 40,
    },
    {
        "stakeholder": HEAD_TEACHERS,
        "group": "",
        "key_messages": "Progress on crossings and walking buses\nWhat schools can do this month",
        "channel": Channel.MEETING,
        "frequency": Frequency.QUARTERLY,
        "start_in_days": -100,
        "owner": "Project lead",
        "feedback_mechanism": (
            "Round table at the end of each meeting; minutes shared within a week"
        ),
        "done_days_ago": None,
    },
    {
        "stakeholder": SHOPKEEPERS,
        "group": "",
        "key_messages": "Delivery windows outside school peaks\nParking changes on Canal Street",
        "channel": Channel.WORKSHOP,
        "frequency": Frequency.HALF_YEARLY,
        "start_in_days": -30,
        "owner": "Local economy officer",
        "feedback_mechanism": "Written questions collected before the workshop",
        "done_days_ago": None,
    },
    {
        "stakeholder": None,
        "group": "All residents of the Riverside district",
        "key_messages": "What changes on the school routes and when",
        "channel": Channel.WEBSITE,
        "frequency": Frequency.MONTHLY,
        "start_in_days": -60,
        "owner": "Web editor, City communication service",
        "feedback_mechanism": "Comment form on the project page, answered within ten days",
        "done_days_ago": 30,
    },
    {
        "stakeholder": None,
        "group": "Local press",
        "key_messages": "Results of the first school year",
        "channel": Channel.PRESS,
        "frequency": Frequency.ONCE,
        "start_in_days": 20,
        "owner": "Deputy mayor for mobility",
        "feedback_mechanism": (
            "Questions from journalists answered at the press conference; readers' letters logged"
        ),
        "done_days_ago": None,
    },
    {
        "stakeholder": POLICE,
        "group": "",
        "key_messages": "Enforcement days and speed checks near schools",
        "channel": Channel.EMAIL,
        "frequency": Frequency.FORTNIGHTLY,
        "start_in_days": -50,
        "owner": "Road safety officer",
        "feedback_mechanism": "Direct reply to the project mailbox",
        "done_days_ago": 3,
    },
]

DEMO_ENGAGEMENTS = [
    {
        "kind": EngagementKind.WORKSHOP,
        "title": "Route mapping workshop with parents",
        "days_ago": 45,
        "participants": [PARENTS, HEAD_TEACHERS],
        "summary": "Forty parents marked the dangerous spots on a large map of the district.",
        "concerns": (
            "Cars parking on the pavement near Elm School\nNo lighting on the canal path in winter"
        ),
        "follow_ups": (
            "Ask the parking service for enforcement at Elm School\n"
            "Price lighting for the canal path"
        ),
    },
    {
        "kind": EngagementKind.MEETING,
        "title": "Meeting with Canal Street shopkeepers",
        "days_ago": 20,
        "participants": [SHOPKEEPERS],
        "summary": (
            "Shopkeepers agreed to move deliveries outside 8:00–8:45 if loading bays are kept."
        ),
        "concerns": "Fear of losing customers who park briefly in front of shops",
        "follow_ups": "Draft a delivery charter with the traders' union",
    },
    {
        "kind": EngagementKind.FEEDBACK,
        "title": "Feedback session on the first walking buses",
        "days_ago": 10,
        "participants": [PARENTS, HEAD_TEACHERS, POLICE],
        "summary": "Volunteers and teachers reviewed the first month of walking buses.",
        "concerns": "Volunteers lack reflective vests",
        "follow_ups": "Order 60 reflective vests\nRecruit volunteers at the school fair",
    },
]


def _stakeholder_finder(plan):
    """``find(name)``: the plan's stakeholder of that name, else one of its stakeholders in turn
    (the plan's own list differs from the demo's), else None when the plan has none."""
    from assessments.models import Stakeholder

    found = list(Stakeholder.objects.filter(plan=plan).order_by("position", "id"))
    by_name = {}
    for stakeholder in found:
        by_name.setdefault(stakeholder.name, stakeholder)
    names = [PARENTS, HEAD_TEACHERS, SHOPKEEPERS, POLICE]

    def find(name):
        if name in by_name:
            return by_name[name]
        return found[names.index(name) % len(found)] if found else None

    return find


def demo(plan, *, size, user, rng):
    today = timezone.localdate()
    find = _stakeholder_finder(plan)
    repeat = 8 * demo_scale(size) or 1
    for round_ in range(repeat):
        for spec in DEMO_ENTRIES:
            stakeholder = find(spec["stakeholder"]) if spec["stakeholder"] else None
            # A plan without stakeholders still gets the entry, addressed to a named group.
            group = spec["group"] or ("" if stakeholder else spec["stakeholder"])
            done = spec["done_days_ago"]
            item_create(
                plan=plan,
                model=CommunicationEntry,
                data={
                    "audience_stakeholder": stakeholder,
                    "audience_group": group + (f" ({round_})" if round_ and group else ""),
                    "key_messages": spec["key_messages"],
                    "channel": spec["channel"],
                    "frequency": spec["frequency"],
                    "start_date": today + datetime.timedelta(days=spec["start_in_days"]),
                    "owner": spec["owner"],
                    "feedback_mechanism": spec["feedback_mechanism"],
                    "last_done_on": today - datetime.timedelta(days=done)
                    if done is not None
                    else None,
                },
                user=user,
            )
        for spec in DEMO_ENGAGEMENTS:
            participants = [find(name) for name in spec["participants"]]
            item_create(
                plan=plan,
                model=Engagement,
                data={
                    "kind": spec["kind"],
                    "title": spec["title"] + (f" ({round_})" if round_ else ""),
                    "date": today - datetime.timedelta(days=spec["days_ago"] + round_ * 7),
                    "participants": [p for p in participants if p is not None],
                    "summary": spec["summary"],
                    "concerns": spec["concerns"],
                    "follow_ups": spec["follow_ups"],
                },
                user=user,
            )
    # Follow-ups stay follow-ups in the demo: turning one into a task would add a task with no
    # owner or dates to an otherwise complete action plan.
