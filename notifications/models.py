"""A person's notifications (their inbox) and how each kind reaches them by e-mail.

The tables keep the names they had in the former ``reviews`` app (``db_table``), which created
them (see ``reviews/migrations``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.models import Plan


class Kind(models.TextChoices):
    MENTION = "mention", _("Mentions of me")
    REPLY = "reply", _("Replies in discussions I take part in")
    REVIEW_REQUESTED = "review_requested", _("Review requests")
    APPROVED = "approved", _("Approvals")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    EXPORT_READY = "export_ready", _("Documents ready")
    OUTSIDE_REVIEW = "outside_review", _("Comments of outside reviewers")
    REMINDER = "reminder", _("Reminders: tasks due, risk reviews, measurements, reviews due")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("E-mail at once")
    DIGEST = "digest", _("Daily digest")
    OFF = "off", _("No e-mail")


class Notification(models.Model):
    """One line of a person's inbox; its e-mail goes at once, in the digest, or not at all."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Written in the recipient's language when the notification is created.
    text = models.CharField(max_length=500)
    excerpt = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    delivery = models.CharField(max_length=20, choices=Delivery, default=Delivery.IMMEDIATE)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # A reminder's key (``plans.sections.reminders.Due.key``): one per person and due date.
    reminder_key = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        db_table = "reviews_notification"
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["delivery", "emailed_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "reminder_key"],
                condition=~Q(reminder_key=""),
                name="one_reminder_per_person_and_date",
            )
        ]

    def __str__(self):
        return self.text


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=30, choices=Kind)
    delivery = models.CharField(max_length=20, choices=Delivery, default=Delivery.IMMEDIATE)

    class Meta:
        db_table = "reviews_notificationpreference"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.kind}: {self.delivery}"
