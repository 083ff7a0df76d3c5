"""Communication lines as real plans publish them: channels and frequencies they use, and an
owner or a first date the source does not give, kept unknown instead of invented."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from communication.models import Channel, CommunicationEntry, Frequency
from communication.selectors import calendar, calendar_page, snapshot
from plans.models import Role

from .helpers import HTMX, entry, entry_data, url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("channel", "label"),
    [
        ("postal_mail", "Postal mail"),
        ("telephone", "Telephone"),
        ("published_report", "Published report"),
    ],
)
def test_the_channels_real_plans_use_are_offered_and_printed(
    client_for, people, plan, channel, label
):
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "entries_add"), entry_data(channel=channel), **HTMX
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    assert CommunicationEntry.objects.get(plan=plan).channel == channel
    html = render_to_string("communication/document.html", {"data": snapshot(plan)})
    assert label in html


def test_another_channel_must_say_which_and_is_printed_with_it(client_for, people, plan):
    c = client_for(people[Role.PLANNER])
    refused = c.post(url(plan, "entries_add"), entry_data(channel="other", channel_other="  "))
    assert refused.status_code == 400
    assert "Say which channel." in refused.content.decode()
    assert not CommunicationEntry.objects.exists()

    saved = c.post(
        url(plan, "entries_add"),
        entry_data(channel="other", channel_other="Local radio"),
        **HTMX,
    )
    assert saved.status_code == 200
    assert "Other: Local radio" in saved.content.decode()
    saved_entry = CommunicationEntry.objects.get(plan=plan)
    assert (saved_entry.channel, saved_entry.channel_other) == (Channel.OTHER, "Local radio")
    html = render_to_string("communication/document.html", {"data": snapshot(plan)})
    assert "Other: Local radio" in html
    assert "Other (say which)" not in html

    # Back to a channel of the list: the text of "other" is not kept beside it.
    c.post(
        url(plan, "entries_edit", pk=saved_entry.pk),
        entry_data(channel="telephone", channel_other="Local radio", version=1),
    )
    saved_entry.refresh_from_db()
    assert (saved_entry.channel, saved_entry.channel_other) == ("telephone", "")


def test_an_entry_without_owner_or_first_date_is_kept_unknown_and_printed_to_be_determined(
    client_for, people, plan
):
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "entries_add"), entry_data(owner="", start_date=""), **HTMX
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    saved = CommunicationEntry.objects.get(plan=plan)
    assert (saved.owner, saved.start_date, saved.next_due()) == ("", None, None)
    row = response.content.decode()
    assert "owner to be determined" in row
    assert "Not yet scheduled: first date to be determined" in row
    assert "Overdue" not in row

    html = render_to_string("communication/document.html", {"data": snapshot(plan)})
    assert "first date to be determined" in html
    assert html.count("to be determined") == 2  # the owner and the first date
    assert "Next:" not in html
    with translation.override("fr"):
        french = render_to_string("communication/document.html", {"data": snapshot(plan)})
    assert "première date à déterminer" in french and "à déterminer</span>" in french


def test_a_known_owner_and_first_date_are_printed(plan):
    entry(plan, owner="Regional health agency", start_date=datetime.date(2026, 9, 1))
    html = render_to_string("communication/document.html", {"data": snapshot(plan)})
    assert "Regional health agency" in html
    assert "First date:" in html and "to be determined" not in html


def test_the_calendar_lists_unscheduled_communications_apart_never_at_a_date(
    client_for, people, plan
):
    today = timezone.localdate()
    scheduled = entry(plan, start_date=today + datetime.timedelta(days=3), key_messages="Dated")
    unscheduled = entry(plan, start_date=None, owner="", key_messages="Campaign launch")
    assert {o["entry"] for o in calendar(plan)} == {scheduled}  # monthly: several dates
    assert calendar_page(plan)["unscheduled"] == [unscheduled]

    page = client_for(people[Role.VIEWER]).get(url(plan, "calendar")).content.decode()
    assert "Not yet scheduled (1)" in page
    unscheduled_part = page.split("Not yet scheduled (1)")[1]
    assert "Campaign launch" in unscheduled_part and "owner to be determined" in unscheduled_part
    assert "Campaign launch" not in page.split("Not yet scheduled (1)")[0]


def test_every_two_years_and_as_needed(plan):
    today = datetime.date(2026, 3, 10)
    biennial = entry(
        plan,
        frequency=Frequency.BIENNIAL,
        start_date=datetime.date(2024, 6, 1),
        last_done_on=datetime.date(2024, 6, 1),
    )
    assert biennial.next_due() == datetime.date(2026, 6, 1)
    # Within the plan (it ends on 2027-12-31), the next one after that would be in 2028.
    dates = [o["date"] for o in calendar(plan, today=today, days=800) if o["entry"] == biennial]
    assert dates == [datetime.date(2026, 6, 1)]

    as_needed = entry(
        plan,
        frequency=Frequency.AS_NEEDED,
        start_date=datetime.date(2026, 3, 20),
        key_messages="Alert",
    )
    dates = [o["date"] for o in calendar(plan, today=today, days=400) if o["entry"] == as_needed]
    assert dates == [datetime.date(2026, 3, 20)]  # held when needed: no recurring dates invented
    as_needed.last_done_on = datetime.date(2026, 3, 25)
    assert as_needed.next_due() is None
