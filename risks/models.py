from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models import stakeholder_owner_field
from plans.models import (
    PlanScopedModel,
    optional_link,
    optional_links,
    outside_owner_field,
)


class Category(models.TextChoices):
    OPERATIONAL = "operational", _("Operational")
    FINANCIAL = "financial", _("Financial")
    EXTERNAL = "external", _("External or regulatory")
    STAKEHOLDER = "stakeholder", _("Stakeholder")
    SAFETY = "safety", _("Safety")
    REPUTATIONAL = "reputational", _("Reputational")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    MITIGATING = "mitigating", _("Being mitigated")
    CLOSED = "closed", _("Closed")
    OCCURRED = "occurred", _("Occurred")


LIKELIHOOD_LABELS = {
    1: _("Rare"),
    2: _("Unlikely"),
    3: _("Possible"),
    4: _("Likely"),
    5: _("Almost certain"),
}
IMPACT_LABELS = {
    1: _("Negligible"),
    2: _("Minor"),
    3: _("Moderate"),
    4: _("Major"),
    5: _("Severe"),
}


def _scale(verbose_name, message, **kwargs):
    return models.PositiveSmallIntegerField(
        verbose_name,
        validators=[MinValueValidator(1, message=message), MaxValueValidator(5, message=message)],
        **kwargs,
    )


LIKELIHOOD_MESSAGE = _("Rate the likelihood from 1 (rare) to 5 (almost certain).")
IMPACT_MESSAGE = _("Rate the impact from 1 (negligible) to 5 (severe).")


UNRATED = "unrated"
# How an unknown likelihood, impact or score reads: never as a number the planner did not give.
NOT_RATED = _("not yet rated")


def level(score):
    """The band a likelihood x impact score falls in: low, medium, high or critical.

    A risk whose likelihood or impact is still unknown has no score: it is ``UNRATED``, never
    placed in a band it may not belong to.
    """
    if score is None:
        return UNRATED
    if score >= 15:
        return "critical"
    if score >= 10:
        return "high"
    if score >= 5:
        return "medium"
    return "low"


LEVEL_LABELS = {
    "low": _("Low"),
    "medium": _("Medium"),
    "high": _("High"),
    "critical": _("Critical"),
    UNRATED: _("Not yet rated"),
}


class Risk(PlanScopedModel):
    """Something that may go wrong, how likely and how bad, and what the plan does about it."""

    # What a planner edits: the form's fields and, with what is derived, the snapshot's.
    EDITABLE_FIELDS = (
        "title",
        "description",
        "category",
        "likelihood",
        "impact",
        "owner",
        "owner_stakeholder",
        "owner_other",
        "status",
        "review_date",
        "trigger",
        "mitigation",
        "mitigations",
        "residual_likelihood",
        "residual_impact",
        "assumptions",
        "kpis",
    )

    title = models.CharField(_("risk"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Empty when the plan does not sort its risks into categories.
    category = models.CharField(_("category"), max_length=20, choices=Category, blank=True)
    # Either may stay unknown (empty) until the risk has been assessed: it is then not rated.
    likelihood = _scale(_("likelihood (1-5)"), LIKELIHOOD_MESSAGE, null=True, blank=True)
    impact = _scale(_("impact (1-5)"), IMPACT_MESSAGE, null=True, blank=True)
    # likelihood x impact, NULL while either is unknown.
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True, editable=False)
    owner = optional_link("resources.TeamMember", _("owner"), related_name="owned_risks")
    owner_stakeholder = stakeholder_owner_field(_("stakeholder who owns it"), "owned_risks")
    owner_other = outside_owner_field(_("owner outside the team"))
    mitigation = models.TextField(
        _("how the risk is reduced"),
        blank=True,
        help_text=_("The mitigation in words, beside the tasks that carry it out."),
    )
    trigger = models.TextField(
        _("early-warning signs"),
        blank=True,
        help_text=_("What you would notice first if the risk were starting to happen."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPEN)
    review_date = models.DateField(_("next review"), null=True, blank=True)
    mitigations = optional_links(
        "actions.Task", _("mitigation tasks"), related_name="mitigated_risks"
    )
    residual_likelihood = _scale(
        _("residual likelihood"),
        LIKELIHOOD_MESSAGE,
        null=True,
        blank=True,
        help_text=_("Likelihood once the mitigation tasks are done."),
    )
    residual_impact = _scale(
        _("residual impact"),
        IMPACT_MESSAGE,
        null=True,
        blank=True,
        help_text=_("Impact once the mitigation tasks are done."),
    )
    assumptions = optional_links(
        "strategy.Assumption", _("assumptions it threatens"), related_name="risks"
    )
    kpis = optional_links(
        "monitoring.KPI", _("indicators that would reveal it"), related_name="risks"
    )

    _history_m2m_fields = [
        "mitigations",
        "assumptions",
        "kpis",
    ]

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="risk_scales_one_to_five",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def level(self):
        return level(self.score)

    @property
    def is_rated(self):
        return self.likelihood is not None and self.impact is not None

    def computed_score(self):
        return self.likelihood * self.impact if self.is_rated else None

    @property
    def residual_score(self):
        if self.residual_likelihood and self.residual_impact:
            return self.residual_likelihood * self.residual_impact
        return None

    def save(self, *args, **kwargs):
        self.score = self.computed_score()
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        self.score = self.computed_score()
        if (self.residual_likelihood is None) != (self.residual_impact is None):
            field = "residual_impact" if self.residual_impact is None else "residual_likelihood"
            errors[field] = _("Give both the residual likelihood and the residual impact.")
        elif self.residual_score and self.score and self.residual_score > self.score:
            errors["residual_impact"] = _(
                "Mitigation cannot make a risk worse: the residual score must not exceed "
                "the score before mitigation."
            )
        if errors:
            raise ValidationError(errors)


class ContingencyPlan(PlanScopedModel):
    """What the team does if a risk happens anyway: plan B, ready before it is needed."""

    # What a planner edits: the form's fields and, with what is derived, the snapshot's.
    EDITABLE_FIELDS = (
        "risk",
        "trigger",
        "alternative_actions",
        "backup_resources",
        "communicated_by",
        "message",
        "audience",
    )

    risk = models.ForeignKey(
        Risk, verbose_name=_("risk"), on_delete=models.CASCADE, related_name="contingency_plans"
    )
    trigger = models.TextField(
        _("trigger"), help_text=_("The event or threshold that sets this plan in motion.")
    )
    alternative_actions = models.TextField(_("alternative actions"))
    backup_resources = models.TextField(
        _("backup resources"),
        blank=True,
        help_text=_("People, money or equipment held in reserve for this case."),
    )
    communicated_by = models.CharField(_("who communicates"), max_length=200, blank=True)
    message = models.TextField(_("what they say"), blank=True)
    audience = models.CharField(_("to whom"), max_length=300, blank=True)

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("contingency plan")
        verbose_name_plural = _("contingency plans")

    def __str__(self):
        return str(_("Contingency plan: %(risk)s") % {"risk": self.risk})
