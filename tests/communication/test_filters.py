"""The two lists of the communication page are searched and filtered each by its own parameters."""

import datetime

import pytest

from communication.models import Channel, Engagement
from plans.models import Role

from .helpers import HTMX, entry, stakeholder, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(plan):
    shops = stakeholder(plan, "Canal Street shopkeepers")
    entry(plan, audience_group="All parents", key_messages="Walking buses", channel=Channel.EMAIL)
    entry(
        plan,
        audience_group="",
        audience_stakeholder=shops,
        key_messages="Delivery windows",
        channel=Channel.WORKSHOP,
    )
    workshop = Engagement.objects.create(
        plan=plan,
        kind="workshop",
        title="Route mapping workshop",
        date=datetime.date(2026, 3, 1),
        summary="Dangerous spots",
    )
    Engagement.objects.create(
        plan=plan,
        kind="meeting",
        title="Meeting with the traders",
        date=datetime.date(2026, 3, 2),
        summary="Deliveries",
    ).participants.add(shops)
    return workshop


def test_the_communication_plan_is_searched_by_audience_and_filtered_by_channel(
    client_for, people, plan, lists
):
    c = client_for(people[Role.VIEWER])
    searched = c.get(url(plan, "page"), {"entries-q": "shopkeepers"}).content.decode()
    assert "Delivery windows" in searched and "Walking buses" not in searched
    by_channel = c.get(url(plan, "page"), {"entries-channel": Channel.EMAIL}).content.decode()
    assert "Walking buses" in by_channel and "Delivery windows" not in by_channel


def test_an_unknown_channel_lists_every_communication(client_for, people, plan, lists):
    content = (
        client_for(people[Role.VIEWER])
        .get(url(plan, "page"), {"entries-channel": "carrier-pigeon"})
        .content.decode()
    )
    assert "Walking buses" in content and "Delivery windows" in content


def test_the_log_is_searched_by_participant_without_filtering_the_plan(
    client_for, people, plan, lists
):
    content = (
        client_for(people[Role.VIEWER])
        .get(url(plan, "page"), {"engagements-q": "shopkeepers"})
        .content.decode()
    )
    assert "Meeting with the traders" in content and "Route mapping workshop" not in content
    assert "Walking buses" in content  # the communication plan keeps every row


def test_a_filter_asked_by_htmx_answers_its_own_list_only(client_for, people, plan, lists):
    response = client_for(people[Role.VIEWER]).get(
        url(plan, "page"),
        {"engagements-q": "route"},
        HTTP_HX_TARGET="coll-communication-engagements",
        **HTMX,
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="coll-communication-engagements"' in content
    assert "Route mapping workshop" in content and "Meeting with the traders" not in content
    assert "coll-communication-entries" not in content and "Walking buses" not in content


def test_the_page_draws_the_filter_forms_with_the_lists_parameters(client_for, people, plan):
    content = client_for(people[Role.VIEWER]).get(url(plan, "page")).content.decode()
    for name in ("entries-q", "entries-channel", "engagements-q"):
        assert f'name="{name}"' in content
    assert "All channels" in content
