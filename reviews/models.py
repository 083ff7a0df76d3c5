"""Collaboration on any section: comment threads, approvals and notifications.

Sections are known only by their registry key; items are reached through a content type and an
object id, checked against the section's models when a thread is opened (services.py).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import Plan


class Thread(models.Model):
    """A discussion about a section, or about one item of it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    section_key = models.CharField(_("section"), max_length=50)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    # What the item was called when the thread was opened: still readable once it is deleted.
    object_label = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        ordering = ["-last_activity_at"]
        indexes = [models.Index(fields=["plan", "section_key", "resolved_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__isnull=True, object_id__isnull=True)
                | Q(content_type__isnull=False, object_id__isnull=False),
                name="thread_item_is_complete",
            )
        ]

    def __str__(self):
        return self.object_label or self.section_key

    @property
    def is_open(self):
        return self.resolved_at is None


class Comment(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="comments")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=10_000)
    # The sanitised HTML of ``body``, rendered once when it is written.
    body_html = models.TextField(editable=False, blank=True)
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # A deleted comment keeps its place in the thread; its words stay in the history.
    deleted_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["body_html"])

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.body[:60]


class SectionApproval(models.Model):
    """Whether a section needs approval, and by whom (no one named: any approver of the plan)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    section_key = models.CharField(_("section"), max_length=50)
    required = models.BooleanField(_("needs approval"), default=False)
    approvers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("approvers")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("approval rule")
        verbose_name_plural = _("approval rules")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "section_key"], name="one_approval_rule_per_section"
            )
        ]

    def __str__(self):
        return self.section_key


class ReviewRequest(models.Model):
    """A planner asks the approvers to review a section. One open request per section."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    section_key = models.CharField(_("section"), max_length=50)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "section_key"],
                condition=Q(closed_at__isnull=True),
                name="one_open_review_per_section",
            )
        ]

    def __str__(self):
        return self.section_key


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")


class Approval(models.Model):
    """An approver's decision on a section, tied to the moment it was given."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    section_key = models.CharField(_("section"), max_length=50)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField()
    comment = models.TextField(_("comment"), blank=True, max_length=5000)
    review_request = models.ForeignKey(
        ReviewRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("approval decision")
        verbose_name_plural = _("approval decisions")
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["plan", "section_key", "-decided_at"])]

    def __str__(self):
        return f"{self.section_key}: {self.decision}"


class Kind(models.TextChoices):
    MENTION = "mention", _("Mentions of me")
    REPLY = "reply", _("Replies in discussions I take part in")
    REVIEW_REQUESTED = "review_requested", _("Review requests")
    APPROVED = "approved", _("Approvals")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    EXPORT_READY = "export_ready", _("Documents ready")


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

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["delivery", "emailed_at"]),
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
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.kind}: {self.delivery}"
