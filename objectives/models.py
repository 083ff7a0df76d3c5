from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.models import PlanScopedModel, optional_link


class Goal(PlanScopedModel):
    """A SMART goal: specific, measurable, achievable, relevant and time-bound."""

    # What a planner edits: the form's fields and, with what is derived, the snapshot's.
    EDITABLE_FIELDS = (
        "statement",
        "specific_outcome",
        "metric",
        "baseline",
        "target",
        "unit",
        "achievable_rationale",
        "need",
        "relevance",
        "target_date",
    )

    statement = models.CharField(_("goal"), max_length=1000)
    specific_outcome = models.TextField(
        _("specific outcome"),
        blank=True,
        help_text=_("What exactly will be different, for whom, once the goal is reached."),
    )
    metric = models.CharField(_("metric"), max_length=1000, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    achievable_rationale = models.TextField(
        _("why it is achievable"),
        blank=True,
        help_text=_("The resources, precedents or evidence that make the target realistic."),
    )
    need = optional_link("assessments.Need", _("need it answers"), related_name="goals")
    relevance = models.TextField(
        _("relevance"), blank=True, help_text=_("How the goal serves the plan's purpose.")
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.statement

    def clean(self):
        errors = {}
        if self.baseline is not None and self.target is not None and self.baseline == self.target:
            errors["target"] = _("The target must differ from the baseline.")
        # A goal may aim beyond the plan's own years ("a first tobacco-free generation by 2032"
        # in a 2014-2019 programme): its target date is not bound to the plan's dates.
        if errors:
            raise ValidationError(errors)

    def smart_missing(self):
        """The SMART criteria this goal does not meet yet, by key."""
        missing = []
        if not (self.statement and self.specific_outcome):
            missing.append("specific")
        if not (self.metric and self.baseline is not None and self.target is not None):
            missing.append("measurable")
        if not self.achievable_rationale:
            missing.append("achievable")
        if not (self.need_id or self.relevance):
            missing.append("relevant")
        if not self.target_date:
            missing.append("time_bound")
        return missing


SMART_LABELS = {
    "specific": _("Specific"),
    "measurable": _("Measurable"),
    "achievable": _("Achievable"),
    "relevant": _("Relevant"),
    "time_bound": _("Time-bound"),
}


class Scope(PlanScopedModel):
    """The plan's boundaries. One per plan. List fields hold one entry per line."""

    # What a planner edits: the form's fields and, with what is derived, the snapshot's.
    EDITABLE_FIELDS = (
        "in_scope",
        "out_of_scope",
        "target_population",
        "population_size",
        "geographic_areas",
        "areas_of_impact",
        "overlaps",
    )

    in_scope = models.TextField(_("in scope"), blank=True, help_text=_("One item per line."))
    out_of_scope = models.TextField(
        _("out of scope"), blank=True, help_text=_("One item per line.")
    )
    target_population = models.TextField(_("target population"), blank=True)
    population_size = models.PositiveIntegerField(_("estimated size"), null=True, blank=True)
    geographic_areas = models.TextField(
        _("geographic areas"), blank=True, help_text=_("One area per line.")
    )
    areas_of_impact = models.TextField(
        _("areas of impact"), blank=True, help_text=_("One area per line.")
    )
    overlaps = models.TextField(
        _("overlaps with other initiatives"),
        blank=True,
        help_text=_(
            "Other programmes working on the same people or places, and how you coordinate."
        ),
    )

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("scope")
        verbose_name_plural = _("scopes")
        constraints = [models.UniqueConstraint(fields=["plan"], name="one_scope_per_plan")]

    def __str__(self):
        return str(_("Scope"))


def lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
