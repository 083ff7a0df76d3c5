import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import PlanScopedModel, optional_link
from plans.periods import HELP as PERIOD_HELP
from plans.periods import period_field, written_period


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")
    BIENNIAL = "biennial", _("Every two years")
    IRREGULAR = "irregular", _("Irregular (when data are published)")


class CollectionTool(models.TextChoices):
    SURVEY = "survey", _("Survey")
    INTERVIEW = "interview", _("Interviews")
    OBSERVATION = "observation", _("Observation or counting")
    ADMINISTRATIVE = "administrative", _("Administrative data")
    SOFTWARE = "software", _("Software export")
    OTHER = "other", _("Other")


def add_period(date, frequency, count=1):
    """``date`` moved ``count`` periods of ``frequency`` forward (months clamp to month end).

    None for an irregular or an unknown frequency: nothing is ever due at a date nobody set.
    """
    if frequency == Frequency.IRREGULAR or not frequency:
        return None
    if frequency == Frequency.WEEKLY:
        return date + datetime.timedelta(weeks=count)
    months = {
        Frequency.MONTHLY: 1,
        Frequency.QUARTERLY: 3,
        Frequency.HALF_YEARLY: 6,
        Frequency.YEARLY: 12,
        Frequency.BIENNIAL: 24,
    }[frequency] * count
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(date.day, last_day))


def parse_breakdown(text):
    """The breakdowns a KPI declares, one per line or separated by ";".

    "Sexe : femmes, hommes" is the breakdown "Sexe" with two categories; a line without a name
    ("urbain, rural") is a breakdown of its own. Returns ``[(name, [category, ...]), ...]``.
    """
    found = []
    for part in re.split(r"[;\n]", text or ""):
        name, _sep, categories = part.rpartition(":") if ":" in part else ("", "", part)
        items = [c.strip() for c in categories.split(",") if c.strip()]
        if items:
            found.append((name.strip(), items))
    return found


class KPI(PlanScopedModel):
    """A key performance indicator: how progress toward a goal is measured."""

    # What a planner edits: the form's fields and, with what is derived, the snapshot's.
    EDITABLE_FIELDS = (
        "name",
        "goal",
        "element",
        "definition",
        "unit",
        "breakdown",
        "direction",
        "baseline_value",
        "baseline_date",
        "target_value",
        "target_date",
        "frequency",
        "data_source",
        "collection_tool",
        "owner",
    )

    name = models.CharField(_("indicator"), max_length=200)
    goal = optional_link("objectives.Goal", _("goal it measures"), related_name="kpis")
    element = optional_link(
        "strategy.LogicElement",
        _("level of the results chain it measures"),
        related_name="kpis",
        help_text=_("An output, an outcome or the impact of the logic model, beside the goal."),
    )
    definition = models.TextField(
        _("definition"),
        blank=True,
        help_text=_("How the value is calculated, so that two people would get the same number."),
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    breakdown = models.TextField(
        _("breakdowns"),
        blank=True,
        help_text=_(
            "The categories values are also given by, one breakdown per line: "
            "“Sex: women, men”, “Age: 18-34, 35-54, 55-75”."
        ),
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction, default=Direction.HIGHER
    )
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    # Empty when the plan does not say how often it measures: nothing ever falls due then.
    frequency = models.CharField(
        _("measurement frequency"), max_length=20, choices=Frequency, blank=True
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

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")

    @property
    def breakdowns(self):
        return parse_breakdown(self.breakdown)

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        # A baseline whose date the source does not give (or a target without a date) is kept
        # as it is: the date stays unknown, and the status asks for it rather than guessing.
        if self.baseline_date is not None and self.baseline_value is None:
            errors["baseline_value"] = _("Give the baseline value measured on that date.")
        if self.target_date is not None and self.target_value is None:
            errors["target_value"] = _("Give the value to reach by that date.")
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
    """A KPI's target for one period ("2025", "2023-2024", "T1 2026"), the final one included.

    The period is kept as the planner wrote it; its first and last day (``period_start`` and
    ``date``) are derived from it for sorting, the chart and the status. The target is a value,
    a target in words ("+4,5 % par rapport à la mesure de départ", "between 3 and 6 %"), or both.
    Targets entered before periods existed have a date only (``period`` empty).
    """

    kpi = models.ForeignKey(
        KPI, verbose_name=_("KPI"), on_delete=models.CASCADE, related_name="milestones"
    )
    period = period_field(_("period"), PERIOD_HELP)
    period_start = models.DateField(_("period start"), null=True, blank=True, editable=False)
    date = models.DateField(_("period end"), editable=False)
    value = models.DecimalField(
        _("target value"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    target_text = models.CharField(
        _("target in words"),
        max_length=300,
        blank=True,
        help_text=_("When the plan words the target: “+4,5 % over the baseline”, “3 to 6 %”."),
    )
    label = models.CharField(_("note"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("target by period")
        verbose_name_plural = _("targets by period")
        ordering = ["date", "id"]

    def __str__(self):
        when = self.period or (f"{self.date:%Y-%m-%d}" if self.date else "")
        what = self.target_text or ("" if self.value is None else str(self.value))
        return f"{when}: {what}"

    def clean(self):
        errors = {}
        if self.period:
            self.period, self.period_start, self.date = written_period(self.period)
        elif self.date is None:
            errors["period"] = _("Say for which period the target is set.")
        if self.value is None and not self.target_text.strip():
            errors["value"] = _("Give the target: a value, a target in words, or both.")
        if self.kpi_id and self.date:
            kpi = self.kpi
            start = self.period_start or self.date
            if kpi.baseline_date and self.date <= kpi.baseline_date:
                errors.setdefault(
                    "period", _("A target must be for a period after the KPI's baseline date.")
                )
            elif kpi.target_date and start > kpi.target_date:
                errors.setdefault(
                    "period", _("A target cannot be for a period after the KPI's target date.")
                )
        if errors:
            raise ValidationError(errors)


class Measurement(PlanScopedModel):
    """One value of a KPI, for a day or for a period ("2023", "T1 2025", "2022-2023").

    A period is kept as written and ``date`` is its last day (one measurement per KPI and
    date). Measurements before the KPI's baseline are its history, and are allowed.
    """

    # The results of one cycle: the next one starts without them (its KPIs may take the
    # latest value as their baseline).
    STAYS_WITH_ITS_CYCLE = True

    kpi = models.ForeignKey(
        KPI, verbose_name=_("KPI"), on_delete=models.CASCADE, related_name="measurements"
    )
    period = period_field(_("date or period"), PERIOD_HELP)
    period_start = models.DateField(_("period start"), null=True, blank=True, editable=False)
    date = models.DateField(_("date"), editable=False)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    # The value by category of the KPI's breakdowns, ``{"Sex": {"women": "27.10"}}``; only the
    # categories given (an empty one is not known, not zero).
    breakdown_values = models.JSONField(_("values by category"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    recorded_by = optional_link(
        settings.AUTH_USER_MODEL, _("recorded by"), editable=False, related_name="+"
    )

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "date"], name="one_measurement_per_kpi_date")
        ]

    def __str__(self):
        when = self.period or (f"{self.date:%Y-%m-%d}" if self.date else "")
        return f"{self.kpi}: {self.value} ({when})"

    @property
    def before_baseline(self):
        baseline = self.kpi.baseline_date if self.kpi_id else None
        return bool(baseline and self.date and self.date < baseline)

    def clean(self):
        errors = {}
        if self.period:
            self.period, self.period_start, self.date = written_period(self.period)
        elif self.date is None:
            errors["period"] = _("Say when the value was measured: a date or a period.")
        if self.kpi_id and self.date:
            message = measurement_date_problem(self.kpi, self.period_start or self.date)
            if message:
                errors["period"] = message
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise ValidationError(
                {"period": _("This KPI already has a measurement for this date or period.")}
            ) from error


def measurement_date_problem(kpi, date):
    """Why a measurement of ``kpi`` cannot start on ``date``, or None. Shared with the import.

    Values from before the baseline are the KPI's history: allowed, and shown as such.
    """
    if date > timezone.localdate():
        return _("A measurement cannot be for a period that has not started yet.")
    return None


class Outcome(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")


class EvaluationFinding(PlanScopedModel):
    """What the evaluation concluded about one goal, and on what evidence."""

    STAYS_WITH_ITS_CYCLE = True  # the next cycle is evaluated anew

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

    # A next cycle carries its lessons to be reviewed: each shows "to review" until a planner
    # edits it or says it still holds (transfer.cycles).
    CARRIED_FOR_REVIEW = True

    title = models.CharField(_("lesson"), max_length=200)
    what_worked = models.TextField(_("what worked"), blank=True)
    what_failed = models.TextField(_("what did not work"), blank=True)
    root_cause = models.TextField(_("root cause"), blank=True)
    recommendation = models.TextField(
        _("recommendation"), help_text=_("What the next plan should do differently or again.")
    )

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")

    def __str__(self):
        return self.title

    def clean(self):
        if not (self.what_worked.strip() or self.what_failed.strip()):
            raise ValidationError({"what_worked": _("Say what worked, what did not, or both.")})
