from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.models import PlanVersion


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
