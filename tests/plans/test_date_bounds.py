"""Dates are years 1900 to 2200, the range every chart, feed and document can draw: refused
with a message outside it, on every form and every write path; a plan at the bounds draws."""

import datetime
import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from actions.ical import calendar
from actions.models import CalendarFeed, Milestone, Task
from actions.selectors import gantt_data
from documents.rendering import render_version
from plans.dates import DATE_MAX, DATE_MIN
from plans.models import Plan, Role
from plans.sections.items import item_create
from plans.versions import version_publish
from tests.actions.factories import MilestoneFactory, TaskFactory
from tests.plans.item_forms import item_form_classes

pytestmark = pytest.mark.django_db

MESSAGE = "Enter a date between the years 1900 and 2200."
BEFORE = DATE_MIN - datetime.timedelta(days=1)
AFTER = DATE_MAX + datetime.timedelta(days=1)


def date_fields():
    found = []
    for form_class in item_form_classes():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.DateField):
                found.append((form_class, name))
    return found


DATE_FIELDS = date_fields()


def test_the_item_forms_have_date_fields_to_check():
    assert len(DATE_FIELDS) >= 10


@pytest.mark.parametrize(
    ("form_class", "name"), DATE_FIELDS, ids=[f"{f.__name__}.{n}" for f, n in DATE_FIELDS]
)
def test_every_date_of_every_item_form_is_bounded(plan, form_class, name):
    for value, refused in (
        (BEFORE, True),
        (DATE_MIN, False),
        (DATE_MAX, False),
        (AFTER, True),
        (datetime.date(9999, 12, 31), True),
        (datetime.date(1, 1, 1), True),
    ):
        form = form_class({name: value.isoformat()}, plan=plan)
        form.is_valid()
        errors = [str(e) for e in form.errors.get(name, [])]
        assert (MESSAGE in errors) is refused, (name, value, errors)
    widget = form_class(plan=plan).fields[name].widget
    assert widget.attrs["min"] == "1900-01-01" and widget.attrs["max"] == "2200-12-31"


def test_a_service_refuses_a_date_out_of_bounds_and_saves_nothing(plan, people):
    with pytest.raises(ValidationError) as error:
        item_create(
            plan=plan,
            model=Task,
            data={"title": "Far away", "due_date": datetime.date(9999, 12, 31)},
            user=people[Role.OWNER],
        )
    assert MESSAGE in error.value.message_dict["due_date"]
    assert not Task.objects.filter(plan=plan).exists()


def test_the_plan_form_refuses_dates_out_of_bounds(plan, owner_client):
    url = reverse("plans:edit", kwargs={"plan": plan.uuid})
    response = owner_client.post(
        url,
        {
            "title": plan.title,
            "sector": plan.sector,
            "language": "en",
            "start_date": "0001-01-01",
            "end_date": "9999-12-31",
            "version": plan.version,
        },
    )
    assert response.status_code in (200, 400)
    assert response.content.decode().count(MESSAGE) == 2
    plan.refresh_from_db()
    assert plan.start_date != datetime.date(1, 1, 1)
    assert plan.end_date != datetime.date(9999, 12, 31)


def test_a_plan_model_refuses_dates_out_of_bounds(plan):
    plan.end_date = AFTER
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert error.value.message_dict["end_date"] == [MESSAGE]


@pytest.fixture
def plan_at_the_bounds(plan):
    Plan.objects.filter(pk=plan.pk).update(start_date=DATE_MIN, end_date=DATE_MAX)
    plan.refresh_from_db()
    TaskFactory(plan=plan, title="The whole range", start_date=DATE_MIN, due_date=DATE_MAX)
    TaskFactory(plan=plan, title="Last day", start_date=DATE_MAX, due_date=DATE_MAX)
    MilestoneFactory(plan=plan, title="The end", date=DATE_MAX)
    MilestoneFactory(plan=plan, title="The start", date=DATE_MIN)
    return plan


def test_a_plan_at_the_bounds_draws_its_gantt_chart(plan_at_the_bounds, owner_client):
    response = owner_client.get(reverse("actions:page", kwargs={"plan": plan_at_the_bounds.uuid}))
    assert response.status_code == 200
    assert "The whole range" in response.content.decode()
    assert "<svg" in response.content.decode()


def test_a_plan_at_the_bounds_gives_a_calendar_feed(plan_at_the_bounds, client_for, people):
    viewer = client_for(people[Role.VIEWER])
    viewer.post(reverse("actions:calendar_renew", kwargs={"plan": plan_at_the_bounds.uuid}))
    feed = CalendarFeed.objects.get(plan=plan_at_the_bounds, revoked_at=None)
    response = client_for(None).get(reverse("actions:feed", kwargs={"token": feed.token}))
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    ends = sorted(e.decoded("dtend") for e in events)
    assert len(events) == 4
    assert ends[-1] == datetime.date(2201, 1, 1)  # the day after the last one, exclusive


def test_a_plan_at_the_bounds_prints(plan_at_the_bounds, people):
    version = version_publish(plan=plan_at_the_bounds, user=people[Role.OWNER])
    content = render_version(version).content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "The whole range" in text


def test_rows_stored_before_the_bound_leave_the_feed_valid(plan, client_for, people):
    TaskFactory(plan=plan, title="Kept", due_date=datetime.date(2026, 5, 1))
    task = TaskFactory(plan=plan, title="Stored long ago")
    Task.objects.filter(pk=task.pk).update(due_date=datetime.date(9999, 12, 31))
    milestone = MilestoneFactory(plan=plan)
    Milestone.objects.filter(pk=milestone.pk).update(date=datetime.date(9999, 12, 31))
    tasks, milestones = gantt_data(plan)
    events = Calendar.from_ical(calendar(name="x", tasks=tasks, milestones=milestones)).walk(
        "VEVENT"
    )
    assert [str(e["summary"]) for e in events] == ["Kept"]


@pytest.fixture
def plan_stored_before_the_bounds(plan):
    """Dates that the forms refuse now, written before they did (or by a bulk update)."""
    Plan.objects.filter(pk=plan.pk).update(
        start_date=datetime.date(1, 1, 1), end_date=datetime.date(9999, 12, 31)
    )
    plan.refresh_from_db()
    task = TaskFactory(plan=plan, title="Forever")
    Task.objects.filter(pk=task.pk).update(
        start_date=datetime.date(1, 1, 1), due_date=datetime.date(9999, 12, 31)
    )
    milestone = MilestoneFactory(plan=plan, title="The end of time")
    Milestone.objects.filter(pk=milestone.pk).update(date=datetime.date(9999, 12, 31))
    return plan


def test_a_plan_stored_with_dates_out_of_bounds_still_draws_and_prints(
    plan_stored_before_the_bounds, owner_client, people
):
    plan = plan_stored_before_the_bounds
    response = owner_client.get(reverse("actions:page", kwargs={"plan": plan.uuid}))
    assert response.status_code == 200
    assert "Forever" in response.content.decode()
    version = version_publish(plan=plan, user=people[Role.OWNER])
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(render_version(version).content)).pages
    )
    assert "Forever" in text


def test_a_form_that_is_not_an_item_form_bounds_its_dates_with_bounded_date_field():
    from plans.dates import BoundedDateField

    class DueForm(forms.Form):
        due = BoundedDateField(required=False)

    assert DueForm({"due": "2200-12-31"}).is_valid()
    form = DueForm({"due": "9999-12-31"})
    assert not form.is_valid()
    assert form.errors["due"] == [MESSAGE]
    assert form.fields["due"].widget.attrs["max"] == "2200-12-31"
