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
