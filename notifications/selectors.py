"""Reads of a person's notifications; each one query."""

from .models import Notification


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox(user, *, unread_only=False, limit=50):
    qs = Notification.objects.filter(recipient=user).select_related("plan", "actor")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return list(qs[:limit])
