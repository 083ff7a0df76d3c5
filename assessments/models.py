from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import HISTORY_EXCLUDED_FIELDS, PlanScopedModel


class Level(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")
    CRITICAL = 4, _("Critical")


class Need(PlanScopedModel):
    """A gap the intervention must close, backed by evidence."""

    statement = models.CharField(_("need"), max_length=300)
    affected_group = models.CharField(_("affected group"), max_length=200, blank=True)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Level, default=Level.MEDIUM)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Level, default=Level.MEDIUM)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED_FIELDS)

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self):
        return self.statement
