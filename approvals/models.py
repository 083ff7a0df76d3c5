"""Approvals: which sections need one and from whom, review requests, the decisions bound to
the version they were made on, and reviewer links for people outside the plan.

The tables keep the names they had in the former ``reviews`` app (``db_table``), which created
them (see ``reviews/migrations``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from discussions.models import ReviewLink, outside_name
from plans.models import Plan, PlanVersion


class SectionApproval(models.Model):
    """Whether a section needs approval, and by whom (no one named: any approver of the plan)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    section_key = models.CharField(_("section"), max_length=50)
    required = models.BooleanField(_("needs approval"), default=False)
    approvers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("approvers")
    )

    history = HistoricalRecords(table_name="reviews_historicalsectionapproval")

    class Meta:
        db_table = "reviews_sectionapproval"
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

    history = HistoricalRecords(
        m2m_fields=[approvers], table_name="reviews_historicalreviewrequest"
    )

    class Meta:
        db_table = "reviews_reviewrequest"
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
        db_table = "reviews_approval"
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
            return outside_name(self.reviewer_name)
        return ""
