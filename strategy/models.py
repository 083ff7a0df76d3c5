from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import HISTORY_EXCLUDED_FIELDS, PlanScopedModel


class Method(PlanScopedModel):
    """An intervention method: how the plan will act (training, policy reform...)."""

    name = models.CharField(_("method"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED_FIELDS)

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("intervention method")
        verbose_name_plural = _("intervention methods")

    def __str__(self):
        return self.name


class Assumption(PlanScopedModel):
    """Something the strategy takes for granted; if it proves false, the logic breaks."""

    statement = models.CharField(_("assumption"), max_length=300)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED_FIELDS)

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("assumption")
        verbose_name_plural = _("assumptions")

    def __str__(self):
        return self.statement
