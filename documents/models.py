from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from plans.models import BackgroundWork, Plan, PlanVersion


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class DocumentFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    DOCX = "docx", _("Word (.docx)")


CONTENT_TYPES = {
    DocumentFormat.PDF: "application/pdf",
    DocumentFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def document_upload_to(document, filename):
    return f"documents/{document.plan.uuid}/{filename}"


class PlanDocument(BackgroundWork):
    """One file (PDF or Word) of one published version: queued -> rendering -> ready | failed.

    The row is claimed atomically by the task that renders it, so a message delivered twice
    renders once. While a document is alive (not failed) there is one per version and variant:
    exporting an unchanged plan returns the same document instead of rendering it again.
    """

    RUNNING = DocumentStatus.RENDERING
    TIME_LIMIT_SETTING = "DOCUMENT_RENDER_TIME_LIMIT"
    MAX_ATTEMPTS = 5

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="documents")
    version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    archival = models.BooleanField(
        _("PDF/A-3b for archiving"),
        default=False,
        help_text=_("An archival PDF embeds everything it needs to be read in decades."),
    )
    format = models.CharField(
        _("format"), max_length=8, choices=DocumentFormat, default=DocumentFormat.PDF
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DocumentStatus,
        default=DocumentStatus.QUEUED,
        db_index=True,
    )
    render_ms = models.PositiveIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    file = models.FileField(upload_to=document_upload_to, max_length=255, blank=True)

    class Meta(BackgroundWork.Meta):
        verbose_name = _("plan document")
        verbose_name_plural = _("plan documents")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "format", "archival"],
                condition=~Q(status="failed"),
                name="one_live_document_per_version_format_and_variant",
            ),
            models.CheckConstraint(
                condition=Q(format="pdf") | Q(archival=False),
                name="only_a_pdf_is_archival",
            ),
        ]

    def __str__(self):
        return f"{self.plan} {self.version}"

    @property
    def is_ready(self):
        return self.status == DocumentStatus.READY

    def clean(self):
        super().clean()
        if self.archival and self.format != DocumentFormat.PDF:
            raise ValidationError({"archival": _("Only a PDF can be made for archiving.")})

    @property
    def download_name(self):
        suffix = "-pdfa" if self.archival else ""
        name = slugify(self.plan.title)[:60] or "plan"
        return f"{name}-v{self.version.number}{suffix}.{self.format}"

    @property
    def content_type(self):
        return CONTENT_TYPES[self.format]

    @property
    def is_pdf(self):
        return self.format == DocumentFormat.PDF

    @property
    def render_seconds(self):
        return None if self.render_ms is None else self.render_ms / 1000
