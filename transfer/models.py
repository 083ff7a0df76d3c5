from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.models import BackgroundWork, Plan, PlanVersion, optional_link


class VersionFile(models.Model):
    """The plan file of a published version, written when it was published: exporting the
    version later gives exactly the plan as it was then. Never changed, like the version."""

    version = models.OneToOneField(
        PlanVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="+"
    )
    data = models.JSONField(encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("plan file of a version")
        verbose_name_plural = _("plan files of versions")

    def __str__(self):
        return str(self.version)


class Cycle(models.Model):
    """A plan started as the next cycle of another: what that plan held then, and which of its
    items each new item comes from, so that every item can be told new, modified or unchanged
    however the previous plan changes afterwards (``transfer.cycles``)."""

    plan = models.OneToOneField(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="cycle"
    )
    # The previous plan's file when this cycle started (``plan_file.plan_export``).
    baseline = models.JSONField(encoder=DjangoJSONEncoder)
    # The file id of each new item -> the file id, in ``baseline``, of the item it comes from.
    origins = models.JSONField(default=dict)
    # The file ids of the carried lessons a planner has reviewed unchanged.
    reviewed = models.JSONField(default=list)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)

    class Meta:
        verbose_name = _("planning cycle")
        verbose_name_plural = _("planning cycles")

    def __str__(self):
        return str(self.plan)


class JobKind(models.TextChoices):
    EXPORT_JSON = "export_json", _("Plan file")
    EXPORT_XLSX = "export_xlsx", _("Workbook")
    IMPORT = "import", _("Import")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def job_upload_to(job, filename):
    return f"transfer-jobs/{job.requested_by_id}/{filename}"


class TransferJob(BackgroundWork):
    """An export or an import too long for a request: queued -> running -> ready | failed.

    Like a plan document (``documents.PlanDocument``), the row is claimed atomically by the task
    (``plans.background``), so a message delivered twice runs once. Only the person who
    asked sees it (``transfer.selectors.job_for``). An export's ``file`` is the file produced;
    an import's is the file imported, and ``created_plan`` the plan it made, or ``problems``
    why it was refused (nothing written).
    """

    TIME_LIMIT_SETTING = "TRANSFER_JOB_TIME_LIMIT"
    MAX_ATTEMPTS = 3

    kind = models.CharField(_("kind"), max_length=20, choices=JobKind)
    # The plan exported; empty for an import (its plan is ``created_plan``).
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="transfer_jobs"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=JobStatus,
        default=JobStatus.QUEUED,
        db_index=True,
    )
    # Items written or read so far, of ``progress_total`` (empty until the job knows it).
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(upload_to=job_upload_to, max_length=255, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    problems = models.JSONField(default=list, blank=True)
    created_plan = optional_link(Plan, _("imported plan"), related_name="+")

    class Meta(BackgroundWork.Meta):
        verbose_name = _("export or import")
        verbose_name_plural = _("exports and imports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="import") | models.Q(plan__isnull=False),
                name="transfer_export_job_has_a_plan",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def is_export(self):
        return self.kind != JobKind.IMPORT

    @property
    def percent(self):
        if not self.progress_total:
            return 100 if self.status == JobStatus.READY else 0
        return min(100, round(100 * self.progress_done / self.progress_total))
