"""E-mail tasks retry on a network error (``autoretry_for=(OSError,)``), in process.

Tests run Celery eagerly, and the project sets ``task_eager_propagates``. Eagerly, a retry is
never queued: ``Task.retry`` raises ``Retry``; with propagation on, that exception reaches the
caller and the task is not run again; with propagation off, ``apply()`` runs the task again at
once (no countdown) with ``request.retries`` counting up, as a worker would after the backoff.
The retry tests below therefore turn propagation off, and one test pins the default.
"""

from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.mail import send_mail as real_send_mail

from discussions import services as discussion_services
from notifications import tasks
from notifications.models import Delivery, Kind, Notification, NotificationPreference
from planner.celery import app

pytestmark = pytest.mark.django_db


@pytest.fixture
def like_a_worker():
    """Eager retries run again in process instead of raising ``Retry`` to the caller."""
    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = previous


class FlakySend:
    """``send_mail`` that raises OSError on its first ``failures`` calls, then sends."""

    def __init__(self, failures, task=tasks.send_notification_email):
        self.failures = failures
        self.task = task
        self.calls = 0
        self.retries_seen = []

    def __call__(self, *args, **kwargs):
        self.calls += 1
        self.retries_seen.append(self.task.request.retries)
        if self.calls <= self.failures:
            raise OSError("Connection refused")
        return real_send_mail(*args, **kwargs)


def mention(plan, author, who):
    return discussion_services.thread_create(
        plan=plan, section_key="objectives", body=f"@{who.email} please look", user=author
    )


def test_a_notification_email_that_fails_once_is_retried_and_sent_once(
    plan, stakeholder, planner, django_capture_on_commit_callbacks, like_a_worker
):
    flaky = FlakySend(failures=1)
    with (
        mock.patch.object(tasks, "send_mail", flaky),
        django_capture_on_commit_callbacks(execute=True),
    ):
        mention(plan, stakeholder, planner)
    assert flaky.calls == 2
    assert flaky.retries_seen == [0, 1]  # the second attempt is the task's first retry
    (message,) = mail.outbox
    assert message.to == [planner.email] and "mentioned you" in message.subject
    note = Notification.objects.get(recipient=planner)
    assert note.emailed_at is not None
    # Sent means sent: running the task again (a duplicate delivery) sends nothing.
    tasks.send_notification_email.delay(note.pk)
    assert len(mail.outbox) == 1


def test_the_retried_task_reports_success(plan, stakeholder, planner, like_a_worker):
    mention(plan, stakeholder, planner)  # on_commit never runs here: nothing sent yet
    note = Notification.objects.get(recipient=planner)
    flaky = FlakySend(failures=2)
    with mock.patch.object(tasks, "send_mail", flaky):
        result = tasks.send_notification_email.apply(args=[note.pk])
    assert result.successful() and flaky.calls == 3
    assert len(mail.outbox) == 1


def test_a_send_that_keeps_failing_gives_up_after_max_retries(
    plan, stakeholder, planner, like_a_worker
):
    mention(plan, stakeholder, planner)
    note = Notification.objects.get(recipient=planner)
    flaky = FlakySend(failures=100)
    with mock.patch.object(tasks, "send_mail", flaky):
        result = tasks.send_notification_email.delay(note.pk)
    assert flaky.calls == 1 + tasks.send_notification_email.max_retries
    assert flaky.retries_seen == list(range(flaky.calls))
    assert result.failed() and isinstance(result.result, OSError)
    assert mail.outbox == []
    note.refresh_from_db()
    assert note.emailed_at is None  # still waiting: a later run can send it


def test_with_eager_propagation_a_failed_send_raises_retry_to_the_caller(
    plan, stakeholder, planner
):
    """The project's eager default (no broker): the retry is handed back, not run again."""
    assert app.conf.task_eager_propagates
    mention(plan, stakeholder, planner)
    note = Notification.objects.get(recipient=planner)
    flaky = FlakySend(failures=1)
    with mock.patch.object(tasks, "send_mail", flaky), pytest.raises(Retry) as raised:
        tasks.send_notification_email.delay(note.pk)
    assert isinstance(raised.value.exc, OSError) and flaky.calls == 1
    note.refresh_from_db()
    assert note.emailed_at is None and mail.outbox == []


def test_a_digest_that_fails_once_is_retried_and_sent_once(
    plan, stakeholder, planner, like_a_worker
):
    NotificationPreference.objects.create(user=planner, kind=Kind.MENTION, delivery=Delivery.DIGEST)
    mention(plan, stakeholder, planner)
    mention(plan, stakeholder, planner)
    flaky = FlakySend(failures=1, task=tasks.send_digest)
    with mock.patch.object(tasks, "send_mail", flaky):
        result = tasks.send_digest.delay(planner.pk)
    assert result.get() == 2 and flaky.retries_seen == [0, 1]
    (digest,) = mail.outbox
    assert "new notifications (2)" in digest.subject
    assert not Notification.objects.filter(delivery=Delivery.DIGEST, emailed_at__isnull=True)
