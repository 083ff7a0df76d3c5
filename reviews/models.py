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

from plans.models import Plan, PlanVersion


class LinkMode(models.TextChoices):
    COMMENT = "comment", _("Read and comment")
    APPROVE = "approve", _("Read, comment and decide")


class ReviewLink(models.Model):
    """A signed, expiring, revocable link by which one person outside the plan reads a section
    (or the whole plan), comments on it and, in approve mode, decides on it, without an
    account. The link reaches nothing else of the plan; what the person writes is recorded
    with their name, address and this link."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    section_key = models.CharField(_("section"), max_length=50, blank=True)  # blank: the plan
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    mode = models.CharField(_("may"), max_length=20, choices=LinkMode)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    # Part of the signed token: a link whose nonce is not this one was never issued.
    nonce = models.CharField(max_length=32, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    uses = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(excluded_fields=["last_used_at", "uses"])

    class Meta:
        verbose_name = _("reviewer link")
        verbose_name_plural = _("reviewer links")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["plan", "created_at"])]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def may_decide(self):
        return self.mode == LinkMode.APPROVE

    def is_active(self, now):
        return self.revoked_at is None and self.expires_at > now


def _outside(name):
    return _("%(name)s (outside reviewer)") % {"name": name}


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
    # Opened through a reviewer link by someone without an account (``created_by`` is empty).
    review_link = models.ForeignKey(
        ReviewLink, on_delete=models.RESTRICT, null=True, blank=True, related_name="threads"
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
    # Written through a reviewer link by someone without an account (then ``author`` is empty).
    review_link = models.ForeignKey(
        ReviewLink, on_delete=models.RESTRICT, null=True, blank=True, related_name="comments"
    )
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

    @property
    def author_name(self):
        """Who wrote it: the member's name, or the outside reviewer's, said as such."""
        if self.author_id:
            return self.author.name
        if self.review_link_id:
            return _outside(self.review_link.name)
        return ""


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
    """A planner asks approvers to review a section. One open request per section.

    ``approvers``: the members asked, who alone are notified and may decide on it (none named,
    on requests made before approvers were chosen: any approver of the section). ``due_date``:
    when the requester needs the decision, if they said.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    section_key = models.CharField(_("section"), max_length=50)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    approvers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("approvers")
    )
    due_date = models.DateField(_("decision needed by"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[approvers])

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
    """An approver's decision on a section, bound to the published version it was made on.

    ``version`` is the ``PlanVersion`` holding the section as the approver saw it, and
    ``content_hash`` the hash of that section's part of the snapshot (``plans.versions
    .section_hash``): a document whose section hashes otherwise was not approved as printed.
    Decisions recorded before versions were bound have neither.
    """

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
    # RESTRICT: a version with decisions on it goes only with its plan.
    version = models.ForeignKey(
        PlanVersion,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="approvals",
        verbose_name=_("version"),
    )
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    # A decision given through a reviewer link: who gave it, as the link named them.
    review_link = models.ForeignKey(
        ReviewLink, on_delete=models.RESTRICT, null=True, blank=True, related_name="decisions"
    )
    reviewer_name = models.CharField(max_length=200, blank=True)
    reviewer_email = models.EmailField(blank=True)

    class Meta:
        verbose_name = _("approval decision")
        verbose_name_plural = _("approval decisions")
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["plan", "section_key", "-decided_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(version__isnull=True) & Q(content_hash=""))
                | (Q(version__isnull=False) & ~Q(content_hash="")),
                name="approval_version_with_hash",
            )
        ]

    def __str__(self):
        return f"{self.section_key}: {self.decision}"

    @property
    def decider_name(self):
        """Who decided: the member's name, or the outside reviewer's, said as such."""
        if self.decided_by_id:
            return self.decided_by.name
        if self.reviewer_name:
            return _outside(self.reviewer_name)
        return ""


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
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.kind}: {self.delivery}"
