"""Discussions on any section, or on one item of it: threads of comments, with mentions.

Sections are known only by their registry key; items are reached through a content type and an
object id, checked against the section's models when a thread is opened (services.py). The tables
keep the names they had in the former ``reviews`` app (``db_table``), which created them.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import Plan


def outside_name(name):
    """How a person who wrote or decided through a reviewer link is named."""
    return _("%(name)s (outside reviewer)") % {"name": name}


class LinkMode(models.TextChoices):
    COMMENT = "comment", _("Read and comment")
    APPROVE = "approve", _("Read, comment and decide")


class ReviewLink(models.Model):
    """A signed, expiring, revocable link by which one person outside the plan reads a section
    (or the whole plan), comments on it and, in approve mode, decides on it, without an
    account (made and checked by ``approvals/links.py``; it lives here because the comments
    written through it point to it). The link reaches nothing else of the plan; what the
    person writes is recorded with their name, address and this link."""

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

    history = HistoricalRecords(
        excluded_fields=["last_used_at", "uses"], table_name="reviews_historicalreviewlink"
    )

    class Meta:
        db_table = "reviews_reviewlink"
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
        ReviewLink,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="threads",
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
        db_table = "reviews_thread"
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
        ReviewLink,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="comments",
    )
    # The sanitised HTML of ``body``, rendered once when it is written.
    body_html = models.TextField(editable=False, blank=True)
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # A deleted comment keeps its place in the thread; its words stay in the history.
    deleted_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(
        excluded_fields=["body_html"], table_name="reviews_historicalcomment"
    )

    class Meta:
        db_table = "reviews_comment"
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
            return outside_name(self.review_link.name)
        return ""
