from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.models import PlanScopedModel, optional_links


class MethodType(models.TextChoices):
    TRAINING = "training", _("Training")
    COMMUNITY = "community", _("Community engagement")
    TECHNOLOGY = "technology", _("Technology")
    POLICY = "policy", _("Policy reform")
    SERVICE = "service", _("Service delivery")
    OTHER = "other", _("Other")


class Method(PlanScopedModel):
    """An intervention method: how the plan will act (training, policy reform...)."""

    name = models.CharField(_("method"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    method_type = models.CharField(
        _("type"), max_length=20, choices=MethodType, default=MethodType.OTHER
    )
    evidence_base = models.TextField(
        _("evidence base"),
        blank=True,
        help_text=_("Where this approach has worked before, and how we know."),
    )
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    scalability = models.TextField(
        _("scalability"),
        blank=True,
        help_text=_("What it would take to do this at a larger scale."),
    )
    sustainability = models.TextField(
        _("sustainability"), blank=True, help_text=_("What keeps it going once the plan ends.")
    )
    goals = models.ManyToManyField(
        "objectives.Goal", verbose_name=_("goals it serves"), blank=True, related_name="methods"
    )

    _history_m2m_fields = ["goals"]

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("intervention method")
        verbose_name_plural = _("intervention methods")

    def __str__(self):
        return self.name


class AssumptionStatus(models.TextChoices):
    UNTESTED = "untested", _("Not checked yet")
    HOLDS = "holds", _("Holds so far")
    DOUBTFUL = "doubtful", _("In doubt")


class Assumption(PlanScopedModel):
    """Something the strategy takes for granted; if it proves false, the logic breaks."""

    statement = models.CharField(_("assumption"), max_length=1000)
    rationale = models.TextField(
        _("why we believe it"), blank=True, help_text=_("What makes this assumption reasonable.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AssumptionStatus, default=AssumptionStatus.UNTESTED
    )

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("assumption")
        verbose_name_plural = _("assumptions")

    def __str__(self):
        return self.statement


class BarrierKind(models.TextChoices):
    FINANCIAL = "financial", _("Financial")
    ORGANISATIONAL = "organisational", _("Organisational")
    TECHNICAL = "technical", _("Technical")
    SOCIAL = "social", _("Social or cultural")
    POLITICAL = "political", _("Political or regulatory")
    OTHER = "other", _("Other")


class Barrier(PlanScopedModel):
    """Something that stands in the strategy's way, and how the plan deals with it."""

    statement = models.CharField(_("barrier"), max_length=1000)
    kind = models.CharField(
        _("kind"), max_length=20, choices=BarrierKind, default=BarrierKind.OTHER
    )
    response = models.TextField(
        _("how the strategy deals with it"),
        blank=True,
    )

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("barrier")
        verbose_name_plural = _("barriers")

    def __str__(self):
        return self.statement


class Stage(models.IntegerChoices):
    INPUT = 1, _("Inputs")
    ACTIVITY = 2, _("Activities")
    OUTPUT = 3, _("Outputs")
    OUTCOME = 4, _("Outcomes")
    IMPACT = 5, _("Impact")


class LogicElement(PlanScopedModel):
    """One box of the logic model: inputs -> activities -> outputs -> outcomes -> impact."""

    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage, default=Stage.ACTIVITY)
    statement = models.CharField(_("element"), max_length=1000)
    description = models.TextField(_("details"), blank=True)
    goals = optional_links("objectives.Goal", _("goals it serves"), related_name="logic_elements")
    needs = optional_links("assessments.Need", _("needs it serves"), related_name="logic_elements")
    # The results chain: an activity leads to outputs, an output to outcomes, and so on.
    leads_to = optional_links(
        "self",
        _("leads to"),
        symmetrical=False,
        related_name="comes_from",
        help_text=_("The elements of a later stage that this one brings about."),
    )

    _history_m2m_fields = ["goals", "needs", "leads_to"]

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("logic model element")
        verbose_name_plural = _("logic model elements")
        ordering = ["stage", "position", "id"]

    def __str__(self):
        return self.statement
