from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from plans.models import Plan, PlanVersion, optional_link


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def document_upload_to(document, filename):
    return f"documents/{document.plan.uuid}/{filename}"


class PlanDocument(models.Model):
    """One PDF of one published version: queued -> rendering -> ready | failed.

    The row is claimed atomically by the task that renders it, so a message delivered twice
    renders once. While a document is alive (not failed) there is one per version and variant:
    exporting an unchanged plan returns the same document instead of rendering it again.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="documents")
    version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    requested_by = optional_link(settings.AUTH_USER_MODEL, _("requested by"), related_name="+")
    archival = models.BooleanField(
        _("PDF/A-3b for archiving"),
        default=False,
        help_text=_("An archival PDF embeds everything it needs to be read in decades."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DocumentStatus,
        default=DocumentStatus.QUEUED,
        db_index=True,
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    # When the task was last handed to the broker; empty while the broker could not be reached.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    dispatch_error = models.CharField(max_length=255, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    render_ms = models.PositiveIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    file = models.FileField(upload_to=document_upload_to, max_length=255, blank=True)
    error = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("plan document")
        verbose_name_plural = _("plan documents")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "archival"],
                condition=~Q(status="failed"),
                name="one_live_document_per_version_and_variant",
            )
        ]

    def __str__(self):
        return f"{self.plan} {self.version}"

    @property
    def is_finished(self):
        return self.status in (DocumentStatus.READY, DocumentStatus.FAILED)

    @property
    def is_ready(self):
        return self.status == DocumentStatus.READY

    @property
    def waiting_for_broker(self):
        return self.status == DocumentStatus.QUEUED and self.enqueued_at is None

    @property
    def download_name(self):
        suffix = "-pdfa" if self.archival else ""
        return f"{slugify(self.plan.title)[:60] or 'plan'}-v{self.version.number}{suffix}.pdf"

    @property
    def render_seconds(self):
        return None if self.render_ms is None else self.render_ms / 1000
