"""Daily reminders of what falls due: tasks, risk reviews, measurements and reviews (issue 15)."""

import datetime

import pytest
from django.core import mail

from actions.models import Status as TaskStatus
from approvals import services as approval_services
from notifications.models import Delivery, Kind, Notification, NotificationPreference
from notifications.reminders import remind
from notifications.tasks import send_digest
from tests.actions.factories import TaskFactory
from tests.monitoring.factories import KPIFactory, MeasurementFactory
from tests.resources.factories import TeamMemberFactory
from tests.risks.factories import RiskFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)


def reminders(user):
    return list(
        Notification.objects.filter(recipient=user, kind=Kind.REMINDER).values_list(
            "text", flat=True
        )
    )


@pytest.fixture
def planner_member(plan, planner):
    return TeamMemberFactory(plan=plan, name=planner.name, user=planner)


def test_a_task_due_soon_reminds_its_responsible_once_then_once_more_when_late(
    plan, planner, planner_member, owner
):
    TaskFactory(
        plan=plan,
        title="Paint the crossings",
        responsible=planner_member,
        start_date=datetime.date(2026, 11, 1),
        due_date=datetime.date(2026, 12, 5),
    )
    remind(today=TODAY)
    assert reminders(planner) == [
        f"{plan.title}: Task “Paint the crossings” is due on Dec. 5, 2026."
    ]
    remind(today=TODAY + datetime.timedelta(days=1))  # still coming: not again
    assert len(reminders(planner)) == 1
    remind(today=datetime.date(2026, 12, 6))  # late now: once more
    assert reminders(planner)[0] == (
        f"{plan.title}: Task “Paint the crossings” was due on Dec. 5, 2026 and is not done."
    )
    assert len(reminders(planner)) == 2
    assert reminders(owner) == []  # the task is the planner's


def test_done_tasks_far_dates_and_tasks_of_nobody_with_an_account_are_not_reminded(
    plan, planner, planner_member
):
    TaskFactory(
        plan=plan,
        responsible=planner_member,
        status=TaskStatus.DONE,
        progress=100,
        start_date=datetime.date(2026, 11, 1),
        due_date=datetime.date(2026, 12, 4),
    )
    TaskFactory(plan=plan, responsible=planner_member, due_date=datetime.date(2027, 3, 1))
    TaskFactory(
        plan=plan,
        responsible=TeamMemberFactory(plan=plan),
        start_date=datetime.date(2026, 11, 1),
        due_date=datetime.date(2026, 12, 4),
    )
    assert remind(today=TODAY) == 0


def test_a_risk_review_reminds_its_owner_and_a_measurement_due_reminds_the_planners(
    plan, planner, owner, approver, planner_member
):
    RiskFactory(plan=plan, title="Volunteers drop out", owner=planner_member, review_date=TODAY)
    kpi = KPIFactory(
        plan=plan, name="Injuries near schools", baseline_date=datetime.date(2026, 1, 1)
    )
    MeasurementFactory(kpi=kpi, date=datetime.date(2026, 10, 1))  # monthly: due Nov. 1
    remind(today=TODAY)
    texts = reminders(planner)
    assert f"{plan.title}: Risk “Volunteers drop out” is to be reviewed on Dec. 3, 2026." in texts
    assert (
        f"{plan.title}: A measurement of “Injuries near schools” was due on Nov. 1, 2026 and "
        "has not been recorded."
    ) in texts
    assert reminders(owner) == [t for t in texts if "measurement" in t]  # owners plan too
    assert reminders(approver) == []


def test_a_review_due_reminds_the_approvers_asked_in_their_language(plan, planner, approver):
    approver.language = "fr"
    approver.save()
    approval_services.review_request(
        plan=plan,
        section_keys=["objectives"],
        user=planner,
        approvers=[approver],
        due_date=datetime.date.today() + datetime.timedelta(days=1),
    )
    remind(today=datetime.date.today())
    [text] = reminders(approver)
    assert text.startswith(f"{plan.title} : Votre décision sur « Objectifs et périmètre »")


def test_a_former_member_is_not_reminded(plan, planner, planner_member):
    TaskFactory(
        plan=plan,
        responsible=planner_member,
        start_date=datetime.date(2026, 11, 1),
        due_date=datetime.date(2026, 12, 4),
    )
    plan.memberships.filter(user=planner).delete()
    assert remind(today=TODAY) == 0


def test_each_person_chooses_how_reminders_reach_them(
    plan, planner, planner_member, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    NotificationPreference.objects.create(
        user=planner, kind=Kind.REMINDER, delivery=Delivery.DIGEST
    )
    TaskFactory(
        plan=plan,
        title="Order the signs",
        responsible=planner_member,
        start_date=datetime.date(2026, 11, 1),
        due_date=datetime.date(2026, 12, 4),
    )
    with django_capture_on_commit_callbacks(execute=True):
        remind(today=TODAY)
    assert mail.outbox == []  # in the digest, not at once
    assert send_digest(planner.pk) == 1
    assert "Order the signs" in mail.outbox[0].body
