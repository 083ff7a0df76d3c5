from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import HISTORY_EXCLUDED_FIELDS, PlanScopedModel


class KPI(PlanScopedModel):
    """A key performance indicator: how progress toward a goal is measured."""

    name = models.CharField(_("indicator"), max_length=200)
    goal = models.ForeignKey(
        "objectives.Goal",
        verbose_name=_("goal it measures"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kpis",
    )

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED_FIELDS)

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")

    def __str__(self):
        return self.name
