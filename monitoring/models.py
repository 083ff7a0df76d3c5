import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import HISTORY_EXCLUDED_FIELDS, PlanScopedModel


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")


class CollectionTool(models.TextChoices):
    SURVEY = "survey", _("Survey")
    INTERVIEW = "interview", _("Interviews")
    OBSERVATION = "observation", _("Observation or counting")
    ADMINISTRATIVE = "administrative", _("Administrative data")
    SOFTWARE = "software", _("Software export")
    OTHER = "other", _("Other")


def add_period(date, frequency, count=1):
    """``date`` moved ``count`` periods of ``frequency`` forward (months clamp to month end)."""
    if frequency == Frequency.WEEKLY:
        return date + datetime.timedelta(weeks=count)
    months = {
        Frequency.MONTHLY: 1,
        Frequency.QUARTERLY: 3,
        Frequency.HALF_YEARLY: 6,
        Frequency.YEARLY: 12,
    }[frequency] * count
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(date.day, last_day))


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
    definition = models.TextField(
        _("definition"),
        blank=True,
        help_text=_("How the value is calculated, so that two people would get the same number."),
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction, default=Direction.HIGHER
    )
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    frequency = models.CharField(
        _("measurement frequency"), max_length=20, choices=Frequency, default=Frequency.MONTHLY
    )
    data_source = models.CharField(
        _("data source"),
        max_length=200,
        blank=True,
        help_text=_("Where the figures come from, e.g. police accident records."),
    )
    collection_tool = models.CharField(
        _("collection tool"), max_length=20, choices=CollectionTool, blank=True
    )
    owner = models.CharField(
        _("owner"), max_length=200, blank=True, help_text=_("Who collects and reports it.")
    )

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED_FIELDS)

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if (self.baseline_value is None) != (self.baseline_date is None):
            errors["baseline_date"] = _("Give the baseline value and the date it was measured.")
        if (self.target_value is None) != (self.target_date is None):
            errors["target_date"] = _("Give the target value and the date it should be reached.")
        if self.baseline_value is not None and self.target_value is not None:
            if self.baseline_value == self.target_value:
                errors["target_value"] = _("The target must differ from the baseline.")
            elif self.direction == Direction.HIGHER and self.target_value < self.baseline_value:
                errors["target_value"] = _(
                    "Higher is better for this KPI: the target must be above the baseline."
                )
            elif self.direction == Direction.LOWER and self.target_value > self.baseline_value:
                errors["target_value"] = _(
                    "Lower is better for this KPI: the target must be below the baseline."
                )
        if self.baseline_date and self.target_date and self.target_date <= self.baseline_date:
            errors["target_date"] = _("The target date must come after the baseline date.")
        if errors:
            raise ValidationError(errors)


class Milestone(PlanScopedModel):
    """An intermediate value a KPI should reach by a date, between baseline and target."""

    kpi = models.ForeignKey(
        KPI, verbose_name=_("KPI"), on_delete=models.CASCADE, related_name="milestones"
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("expected value"), max_digits=14, decimal_places=2)
    label = models.CharField(_("label"), max_length=200, blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED_FIELDS)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["date", "id"]

    def __str__(self):
        return self.label or f"{self.date:%Y-%m-%d}: {self.value}"

    def clean(self):
        errors = {}
        if self.kpi_id and self.date:
            kpi = self.kpi
            if kpi.baseline_date and self.date <= kpi.baseline_date:
                errors["date"] = _("A milestone must come after the KPI's baseline date.")
            elif kpi.target_date and self.date >= kpi.target_date:
                errors["date"] = _("A milestone must come before the KPI's target date.")
        if errors:
            raise ValidationError(errors)


class Measurement(PlanScopedModel):
    """One value of a KPI at a date."""

    kpi = models.ForeignKey(
        KPI, verbose_name=_("KPI"), on_delete=models.CASCADE, related_name="measurements"
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED_FIELDS)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "date"], name="one_measurement_per_kpi_date")
        ]

    def __str__(self):
        return f"{self.kpi}: {self.value} ({self.date:%Y-%m-%d})"

    def clean(self):
        errors = {}
        if self.kpi_id and self.date:
            message = measurement_date_problem(self.kpi, self.date)
            if message:
                errors["date"] = message
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise ValidationError(
                {"date": _("This KPI already has a measurement on this date.")}
            ) from error


def measurement_date_problem(kpi, date):
    """Why a measurement of ``kpi`` cannot be dated ``date``, or None. Shared with the import."""
    if kpi.baseline_date and date < kpi.baseline_date:
        return _("The date falls before the KPI's baseline date (%(date)s).") % {
            "date": kpi.baseline_date.isoformat()
        }
    if date > timezone.localdate():
        return _("A measurement cannot be dated in the future.")
    return None


class Outcome(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")


class EvaluationFinding(PlanScopedModel):
    """What the evaluation concluded about one goal, and on what evidence."""

    goal = models.ForeignKey(
        "objectives.Goal",
        verbose_name=_("goal"),
        on_delete=models.CASCADE,
        related_name="evaluation_findings",
    )
    outcome = models.CharField(_("result"), max_length=20, choices=Outcome)
    evidence = models.TextField(
        _("evidence"), help_text=_("The figures, reports or observations behind the result.")
    )
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED_FIELDS)

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("evaluation finding")
        verbose_name_plural = _("evaluation findings")

    def __str__(self):
        return f"{self.goal}: {self.get_outcome_display()}"

    def clean(self):
        if self.evaluated_on and self.evaluated_on > timezone.localdate():
            raise ValidationError({"evaluated_on": _("An evaluation cannot be in the future.")})


LESSON_TEXT_FIELDS = ("title", "what_worked", "what_failed", "root_cause", "recommendation")


class Lesson(PlanScopedModel):
    """A lesson learned, written so that the next plan can use it."""

    title = models.CharField(_("lesson"), max_length=200)
    what_worked = models.TextField(_("what worked"), blank=True)
    what_failed = models.TextField(_("what did not work"), blank=True)
    root_cause = models.TextField(_("root cause"), blank=True)
    recommendation = models.TextField(
        _("recommendation"), help_text=_("What the next plan should do differently or again.")
    )

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED_FIELDS)

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")

    def __str__(self):
        return self.title

    def clean(self):
        if not (self.what_worked.strip() or self.what_failed.strip()):
            raise ValidationError({"what_worked": _("Say what worked, what did not, or both.")})
