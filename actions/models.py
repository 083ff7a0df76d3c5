from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import HISTORY_EXCLUDED_FIELDS, PlanScopedModel


class Task(PlanScopedModel):
    """A task of the action plan."""

    title = models.CharField(_("task"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED_FIELDS)

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return self.title
