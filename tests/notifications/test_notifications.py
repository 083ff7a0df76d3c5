import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from discussions import services as discussion_services
from notifications.models import Delivery, Kind, Notification, NotificationPreference
from plans.signals import plan_event

pytestmark = pytest.mark.django_db


def mention(plan, author, who):
    return discussion_services.thread_create(
        plan=plan, section_key="objectives", body=f"@{who.email} please look", user=author
    )


def test_the_header_shows_the_unread_count_and_the_inbox_marks_read(
    client_for, plan, stakeholder, planner
):
    mention(plan, stakeholder, planner)
    c = client_for(planner)
    page = c.get(reverse("plans:dashboard")).content.decode()
    assert 'id="unread-count">1<' in page
    note = Notification.objects.get(recipient=planner)
    response = c.get(reverse("notifications:notification_open", kwargs={"pk": note.pk}))
    assert response.status_code == 302 and "/discussions/" in response["Location"]
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'id="unread-count"' not in c.get(reverse("notifications:inbox")).content.decode()


def test_nobody_opens_someone_elses_notification(client_for, plan, stakeholder, planner):
    mention(plan, stakeholder, planner)
    note = Notification.objects.get(recipient=planner)
    response = client_for(stakeholder).get(
        reverse("notifications:notification_open", kwargs={"pk": note.pk})
    )
    assert response.status_code == 404


def test_an_immediate_notification_is_emailed_in_the_recipients_language(
    plan, stakeholder, planner, django_capture_on_commit_callbacks
):
    planner.language = "fr"
    planner.save()
    with django_capture_on_commit_callbacks(execute=True):
        mention(plan, stakeholder, planner)
    (message,) = mail.outbox
    assert message.to == [planner.email]
    assert "vous a mentionné" in message.subject
    assert "/discussions/" in message.body
    assert Notification.objects.get(recipient=planner).emailed_at is not None


def test_a_kind_turned_off_sends_no_email_but_stays_in_the_inbox(
    client_for, plan, stakeholder, planner, django_capture_on_commit_callbacks
):
    client_for(planner).post(
        reverse("notifications:preferences"),
        {**dict.fromkeys(Kind.values, Delivery.IMMEDIATE), Kind.MENTION: Delivery.OFF},
    )
    with django_capture_on_commit_callbacks(execute=True):
        mention(plan, stakeholder, planner)
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=planner).exists()


def test_the_daily_digest_gathers_waiting_notifications_in_one_email(
    plan, stakeholder, planner, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=planner, kind=Kind.MENTION, delivery=Delivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        mention(plan, stakeholder, planner)
        mention(plan, stakeholder, planner)
    assert mail.outbox == []
    call_command("send_digests")
    (digest,) = mail.outbox
    assert "new notifications (2)" in digest.subject
    call_command("send_digests")
    assert len(mail.outbox) == 1


def test_export_ready_events_reach_the_requester(plan, planner, owner):
    plan_event.send(
        sender=None,
        plan=plan,
        kind="export_ready",
        actor=None,
        recipients=[planner],
        context={"url": "/documents/1/"},
    )
    note = Notification.objects.get(recipient=planner)
    assert note.kind == Kind.EXPORT_READY and note.url == "/documents/1/"
    assert plan.title in note.text


@pytest.mark.worker
def test_the_worker_emails_a_mention(celery_worker, plan, stakeholder, planner):
    mention(plan, stakeholder, planner)
    celery_worker.wait_for(lambda: celery_worker.sent_mail(), timeout=30, what="the e-mail")
    (message,) = celery_worker.sent_mail()
    assert planner.email in message
    assert "mentioned you" in message
    celery_worker.wait_for(
        lambda: Notification.objects.filter(recipient=planner, emailed_at__isnull=False).exists(),
        timeout=10,
        what="the notification to be marked as sent",
    )
