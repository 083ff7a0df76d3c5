"""The calendar of planned communications and the stakeholders to engage again (selectors)."""

import datetime

import pytest

from communication.models import Engagement, Frequency
from communication.selectors import calendar, stakeholders_to_engage

from .helpers import entry, stakeholder

pytestmark = pytest.mark.django_db


def test_the_calendar_derives_dates_from_the_frequency_and_flags_the_overdue(plan):
    today = datetime.date(2026, 3, 10)
    late = entry(
        plan, start_date=datetime.date(2026, 1, 15), last_done_on=datetime.date(2026, 1, 15)
    )
    weekly = entry(plan, frequency=Frequency.WEEKLY, start_date=datetime.date(2026, 3, 12))
    entry(
        plan,
        frequency=Frequency.ONCE,
        start_date=datetime.date(2026, 2, 1),
        last_done_on=datetime.date(2026, 2, 1),
    )
    occurrences = calendar(plan, today=today, days=30)
    overdue = [o for o in occurrences if o["overdue"]]
    assert [(o["entry"], o["date"]) for o in overdue] == [(late, datetime.date(2026, 2, 15))]
    assert [o["date"] for o in occurrences if o["entry"] == late and not o["overdue"]] == [
        datetime.date(2026, 3, 15)
    ]
    assert [o["date"] for o in occurrences if o["entry"] == weekly] == [
        datetime.date(2026, 3, 12),
        datetime.date(2026, 3, 19),
        datetime.date(2026, 3, 26),
        datetime.date(2026, 4, 2),
        datetime.date(2026, 4, 9),
    ]


def test_stakeholders_not_engaged_as_often_as_planned_are_flagged(plan):
    today = datetime.date(2026, 6, 1)
    parents, shops, police = (stakeholder(plan, n) for n in ("Parents", "Shops", "Police"))
    entry(plan, audience_group="", audience_stakeholder=parents, frequency=Frequency.MONTHLY)
    entry(plan, audience_group="", audience_stakeholder=shops, frequency=Frequency.QUARTERLY)
    entry(plan, audience_group="", audience_stakeholder=police, frequency=Frequency.MONTHLY)
    recent = Engagement.objects.create(
        plan=plan, kind="meeting", title="Shops", date=datetime.date(2026, 4, 1), summary="-"
    )
    recent.participants.add(shops)
    old = Engagement.objects.create(
        plan=plan, kind="meeting", title="Parents", date=datetime.date(2026, 3, 1), summary="-"
    )
    old.participants.add(parents)
    flagged = {f["stakeholder"].name: f for f in stakeholders_to_engage(plan, today=today)}
    assert set(flagged) == {"Parents", "Police"}
    assert flagged["Parents"]["since"] == 92 and flagged["Police"]["last"] is None
