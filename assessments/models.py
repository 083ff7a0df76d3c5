import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.models import PlanScopedModel, optional_link
from plans.uploads import UploadRefused

from .files import EXTENSIONS, sniff_content_type, validate_evidence_file


class Level(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")
    CRITICAL = 4, _("Critical")


class Need(PlanScopedModel):
    """A gap the intervention must close, backed by evidence."""

    statement = models.CharField(_("need"), max_length=1000)
    affected_group = models.CharField(_("affected group"), max_length=200, blank=True)
    # Not rated (empty) until the team rates it: a plan that gives no rating gets none.
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Level, null=True, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Level, null=True, blank=True)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the gap looks like today and who told you about it."),
    )

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self):
        return self.statement


class SourceType(models.TextChoices):
    SURVEY = "survey", _("Survey")
    INTERVIEW = "interview", _("Interview")
    OBSERVATION = "observation", _("Observation")
    STATISTICS = "statistics", _("Statistics")
    DOCUMENT = "document", _("Document")


def evidence_upload_to(instance, filename):
    # The stored name never comes from the user: a random name under the plan, and an
    # extension that matches the content actually found in the file.
    ext = EXTENSIONS.get(instance.content_type, "")
    return f"evidence/{instance.plan.uuid}/{uuid.uuid4().hex}{ext}"


class Evidence(PlanScopedModel):
    """One source backing a need: a survey, an interview, a statistic..."""

    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="evidence"
    )
    # Empty when the plan names a source without saying what kind it is.
    source_type = models.CharField(_("source type"), max_length=20, choices=SourceType, blank=True)
    description = models.TextField(_("what it shows"))
    date = models.DateField(_("date"), null=True, blank=True)
    reference = models.CharField(
        _("reference"),
        max_length=500,
        blank=True,
        help_text=_(
            "A link, a report number or where the source can be found. Leave it empty if "
            "you know the source only by name: the section lists it as still missing."
        ),
    )
    file = models.FileField(
        _("file"),
        upload_to=evidence_upload_to,
        blank=True,
        max_length=200,
        validators=[validate_evidence_file],
        help_text=_("PDF, image, office document or plain text, 5 MB at most."),
    )
    file_name = models.CharField(_("file name"), max_length=200, blank=True, editable=False)
    content_type = models.CharField(max_length=100, blank=True, editable=False)

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return f"{self.get_source_type_display()}: {self.description[:60]}"

    def clean(self):
        errors = {}
        # A source known only by name has neither a reference nor a file: it is kept, and the
        # section's completeness says what is still missing.
        if self.file and not getattr(self.file, "_committed", True):
            # A new upload: remember what it is, by content, and the name the person knows.
            try:
                self.content_type = sniff_content_type(self.file) or ""
            except UploadRefused:  # said by the file's own validator
                self.content_type = ""
            self.file_name = (self.file.name or "").rsplit("/", 1)[-1][:200]
        if errors:
            raise ValidationError(errors)

    @property
    def is_unsourced(self):
        return not self.reference and not self.file

    @property
    def reference_is_link(self):
        return self.reference.startswith(("https://", "http://"))


class Quadrant(models.TextChoices):
    STRENGTH = "strength", _("Strength")
    WEAKNESS = "weakness", _("Weakness")
    OPPORTUNITY = "opportunity", _("Opportunity")
    THREAT = "threat", _("Threat")


class SwotItem(PlanScopedModel):
    """One entry of the SWOT grid."""

    quadrant = models.CharField(_("quadrant"), max_length=20, choices=Quadrant)
    text = models.CharField(_("item"), max_length=1000)
    needs = models.ManyToManyField(
        Need, verbose_name=_("related needs"), blank=True, related_name="swot_items"
    )

    _history_m2m_fields = ["needs"]

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("SWOT item")
        verbose_name_plural = _("SWOT items")

    def __str__(self):
        return self.text


class Cause(PlanScopedModel):
    """A node of a need's problem tree: a cause, or (with a parent) a cause of a cause."""

    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="causes"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("caused by / under"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Leave empty for a direct cause of the need."),
    )
    statement = models.CharField(_("cause"), max_length=1000)

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("cause")
        verbose_name_plural = _("causes")

    def __str__(self):
        return self.statement

    def clean_fields(self, exclude=None):
        # A sub-cause explains its parent's need: given a parent, the need may be left out.
        if self.need_id is None and self.parent_id is not None:
            self.need_id = self.parent.need_id
        super().clean_fields(exclude=exclude)

    def clean(self):
        errors = {}
        if self.need_id is None and self.parent_id is None:
            errors["need"] = forms.Field.default_error_messages["required"]
        parent = self.parent if self.parent_id else None
        # A parent of another plan is refused by ``clean_fields``, as every item link is.
        if parent is not None and self.plan_id in (None, parent.plan_id):
            if self.need_id and parent.need_id != self.need_id:
                errors["parent"] = _("A sub-cause must belong to the same need as its parent.")
            elif self.pk and self._parent_chain_reaches_self():
                errors["parent"] = _(
                    "This would make a loop: a cause cannot sit under itself or under one of "
                    "its own sub-causes."
                )
        if errors:
            raise ValidationError(errors)

    def _parent_chain_reaches_self(self):
        parents = dict(Cause.objects.filter(need_id=self.need_id).values_list("pk", "parent_id"))
        seen = set()
        node = self.parent_id
        while node is not None and node not in seen:
            if node == self.pk:
                return True
            seen.add(node)
            node = parents.get(node)
        return node is not None  # a loop already stored elsewhere: refuse as well


class StakeholderType(models.TextChoices):
    BENEFICIARY = "beneficiary", _("Beneficiary")
    SPONSOR = "sponsor", _("Sponsor or funder")
    TEAM = "team", _("Team member")
    PARTNER = "partner", _("Partner organisation")
    AUTHORITY = "authority", _("Authority or regulator")
    COMMUNITY = "community", _("Community group")
    EXPERT = "expert", _("Expert")
    OTHER = "other", _("Other")


class GridQuadrant(models.TextChoices):
    MANAGE_CLOSELY = "manage_closely", _("Manage closely")
    KEEP_SATISFIED = "keep_satisfied", _("Keep satisfied")
    KEEP_INFORMED = "keep_informed", _("Keep informed")
    MONITOR = "monitor", _("Monitor")


# An unknown rating is a value: shown as such, never as a number the planner did not give.
NOT_RATED = _("not yet rated")
NOT_PLACED = _("Not yet placed")
NOT_GIVEN = _("not said")

# A score of 4 or 5 counts as high: 3 is the middle of the scale, not a high stake.
HIGH_SCORE = 4


def grid_quadrant(interest, influence):
    """The quadrant of the grid, or None while either rating is unknown (not yet placed)."""
    if interest is None or influence is None:
        return None
    high_interest, high_influence = interest >= HIGH_SCORE, influence >= HIGH_SCORE
    if high_influence and high_interest:
        return GridQuadrant.MANAGE_CLOSELY
    if high_influence:
        return GridQuadrant.KEEP_SATISFIED
    if high_interest:
        return GridQuadrant.KEEP_INFORMED
    return GridQuadrant.MONITOR


def _score_validators(message):
    return [MinValueValidator(1, message=message), MaxValueValidator(5, message=message)]


def stakeholder_owner_field(verbose_name, related_name):
    """An item's owner when it is one of the plan's stakeholders (an agency, an association, a
    ministry): beside a team member and a name in words (risks, tasks)."""
    return optional_link(
        "assessments.Stakeholder",
        verbose_name,
        related_name=related_name,
        help_text=_("A stakeholder of the plan that answers for it, such as an agency."),
    )


class Stakeholder(PlanScopedModel):
    """A person, group or organisation with a stake in the intervention."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    interest = models.PositiveSmallIntegerField(
        _("interest (1-5)"),
        null=True,
        blank=True,
        validators=_score_validators(_("Interest must be a whole number from 1 to 5.")),
        help_text=_("How much the outcome matters to them."),
    )
    influence = models.PositiveSmallIntegerField(
        _("influence (1-5)"),
        null=True,
        blank=True,
        validators=_score_validators(_("Influence must be a whole number from 1 to 5.")),
        help_text=_("How much they can help or block the plan."),
    )
    # Empty when the plan names a stakeholder without saying what part it plays.
    stakeholder_type = models.CharField(
        _("type"), max_length=20, choices=StakeholderType, blank=True
    )
    expectations = models.TextField(_("expectations"), blank=True)
    engagement_approach = models.TextField(
        _("engagement approach"),
        blank=True,
        help_text=_("How and how often you will involve them."),
    )

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        constraints = [
            models.CheckConstraint(
                condition=Q(interest__gte=1, interest__lte=5), name="stakeholder_interest_1_5"
            ),
            models.CheckConstraint(
                condition=Q(influence__gte=1, influence__lte=5), name="stakeholder_influence_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name

    @property
    def quadrant(self):
        return grid_quadrant(self.interest, self.influence)

    def get_quadrant_display(self):
        quadrant = self.quadrant
        return GridQuadrant(quadrant).label if quadrant else NOT_PLACED


class RequirementPriority(models.TextChoices):
    MUST = "must", _("Must have")
    SHOULD = "should", _("Should have")
    COULD = "could", _("Could have")


class RequirementStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    MET = "met", _("Met")
    REJECTED = "rejected", _("Not retained")


class Requirement(PlanScopedModel):
    """Something a stakeholder needs from the plan, with its priority and where it stands."""

    stakeholder = models.ForeignKey(
        Stakeholder,
        verbose_name=_("stakeholder"),
        on_delete=models.CASCADE,
        related_name="requirements",
    )
    statement = models.CharField(_("requirement"), max_length=1000)
    priority = models.CharField(
        _("priority"),
        max_length=10,
        choices=RequirementPriority,
        blank=True,  # empty: the plan does not rank it
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RequirementStatus, default=RequirementStatus.PROPOSED
    )

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")

    def __str__(self):
        return self.statement
