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


class Stakeholder(PlanScopedModel):
    """A person, group or organisation with a stake in the intervention."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    interest = models.PositiveSmallIntegerField(_("interest (1-5)"), default=3)
    influence = models.PositiveSmallIntegerField(_("influence (1-5)"), default=3)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED_FIELDS)

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")

    def __str__(self):
        return self.name
