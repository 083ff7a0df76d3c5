from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Delivery, Notification


def absolute(url):
    if not url or url.startswith("http"):
        return url
    return settings.SITE_URL.rstrip("/") + url


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification_email(notification_id):
    """Send one notification's e-mail; idempotent (a sent notification is not sent again)."""
    notification = (
        Notification.objects.select_related("recipient", "plan", "actor")
        .filter(pk=notification_id, emailed_at__isnull=True, delivery=Delivery.IMMEDIATE)
        .first()
    )
    if notification is None or not notification.recipient.email:
        return
    with translation.override(notification.recipient.language or "en"):
        context = {"n": notification, "link": absolute(notification.url)}
        body = render_to_string("notifications/email/notification.txt", context)
    send_mail(notification.text, body, None, [notification.recipient.email])
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_digest(user_id):
    """One e-mail with everything a person asked to receive as a digest since the last one."""
    pending = list(
        Notification.objects.filter(
            recipient_id=user_id, delivery=Delivery.DIGEST, emailed_at__isnull=True
        )
        .select_related("recipient", "plan")
        .order_by("created_at", "id")
    )
    if not pending or not pending[0].recipient.email:
        return 0
    user = pending[0].recipient
    with translation.override(user.language or "en"):
        context = {
            "user": user,
            "items": [{"n": n, "link": absolute(n.url)} for n in pending],
            "inbox": absolute("/notifications/"),
        }
        subject = render_to_string("notifications/email/digest_subject.txt", context).strip()
        body = render_to_string("notifications/email/digest.txt", context)
    send_mail(subject, body, None, [user.email])
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
    return len(pending)


@shared_task
def send_digests():
    """Enqueue one digest per person who has notifications waiting for it."""
    users = (
        Notification.objects.filter(delivery=Delivery.DIGEST, emailed_at__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    count = 0
    for user_id in users:
        send_digest.delay(user_id)
        count += 1
    return count


@shared_task
def send_reminders():
    """Today's reminders of what falls due (celery beat, daily)."""
    from .reminders import remind

    return remind(today=timezone.localdate())
