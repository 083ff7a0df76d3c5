"""What the communication tests share: URLs, form data and items made directly."""

import datetime

from django.urls import reverse

from assessments.models import Stakeholder
from communication.models import CommunicationEntry, Frequency

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(plan, name, **kwargs):
    return reverse(f"communication:{name}", kwargs={"plan": plan.uuid, **kwargs})


def entry_data(**changes):
    data = {
        "audience_group": "All parents",
        "key_messages": "Walk to school\nJoin a walking bus",
        "channel": "newsletter",
        "frequency": "monthly",
        "start_date": "2026-09-01",
        "owner": "Communication officer",
        "feedback_mechanism": "Reply card",
    }
    data.update(changes)
    return data


def stakeholder(plan, name="Parents' association"):
    return Stakeholder.objects.create(plan=plan, name=name)


def entry(plan, **fields):
    values = {
        "audience_group": "All parents",
        "key_messages": "Walk",
        "channel": "email",
        "frequency": Frequency.MONTHLY,
        "start_date": datetime.date(2026, 1, 1),
        "owner": "Officer",
    }
    values.update(fields)
    return CommunicationEntry.objects.create(plan=plan, **values)
