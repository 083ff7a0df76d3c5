import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import PlanScopedModel, optional_link

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# Nine digits or more, allowing spaces, dots or dashes between them: phone or ID numbers.
LONG_NUMBER = re.compile(r"(?:\d[\s.-]?){9,}")


def no_personal_content(value):
    """Registers describe kinds of data and groups of people, never the people themselves."""
    if EMAIL.search(value or ""):
        raise ValidationError(
            _(
                "Remove the e-mail address: the register describes kinds of data, "
                "not the data itself."
            ),
            code="personal_content",
        )
    if LONG_NUMBER.search(value or ""):
        raise ValidationError(
            _(
                "Remove the phone or identification number: the register describes kinds of "
                "data, not the data itself."
            ),
            code="personal_content",
        )


class Category(models.TextChoices):
    DATA_PROTECTION = "data_protection", _("Data protection")
    SECTOR = "sector", _("Sector rules")
    LOCAL_LAW = "local_law", _("Local law")


class RequirementStatus(models.TextChoices):
    TO_ASSESS = "to_assess", _("To assess")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLIANT = "compliant", _("Compliant")
    NOT_COMPLIANT = "not_compliant", _("Not compliant")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class Requirement(PlanScopedModel):
    """One line of the regulations checklist."""

    # What a planner edits: the form's fields and, with what is derived, the snapshot's.
    EDITABLE_FIELDS = (
        "requirement",
        "category",
        "how_we_comply",
        "evidence",
        "owner",
        "status",
        "next_review",
    )

    requirement = models.CharField(_("requirement"), max_length=1000)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    how_we_comply = models.TextField(_("how the plan complies"), blank=True)
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("Documents, opinions or records that show it.")
    )
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequirementStatus, default=RequirementStatus.TO_ASSESS
    )
    next_review = models.DateField(_("next review"), null=True, blank=True)
    starter_key = models.CharField(max_length=60, blank=True, editable=False)

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("requirement")
        verbose_name_plural = _("regulations checklist")

    def __str__(self):
        return self.requirement

    def clean(self):
        if self._state.adding and self.next_review and self.next_review < timezone.localdate():
            raise ValidationError(
                {
                    "next_review": _(
                        "The next review date is already past. A new requirement needs a review "
                        "date from today on."
                    )
                }
            )

    @property
    def review_overdue(self):
        return bool(self.next_review and self.next_review < timezone.localdate())


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent")
    CONTRACT = "contract", _("Contract")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation")
    VITAL_INTERESTS = "vital_interests", _("Vital interests")
    PUBLIC_TASK = "public_task", _("Public task")
    LEGITIMATE_INTERESTS = "legitimate_interests", _("Legitimate interests")


class PersonalDataRecord(PlanScopedModel):
    """One processing of personal data by the intervention (the register, not the data)."""

    data = models.CharField(
        _("what data"),
        max_length=300,
        validators=[no_personal_content],
        help_text=_("Kinds of data, e.g. “pupils' first names and school class”."),
    )
    purpose = models.TextField(_("purpose"), validators=[no_personal_content])
    legal_basis = models.CharField(_("legal basis"), max_length=30, choices=LegalBasis)
    special_category = models.BooleanField(
        _("includes sensitive data"),
        default=False,
        help_text=_("Health, ethnic origin, religion, or data about children's behaviour, etc."),
    )
    retention = models.CharField(
        _("retention"), max_length=200, help_text=_("How long it is kept, and what happens next.")
    )
    access = models.CharField(_("who has access"), max_length=300, validators=[no_personal_content])

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("personal data processing")
        verbose_name_plural = _("personal data register")

    def __str__(self):
        return self.data


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Signed form")
    ELECTRONIC = "electronic", _("Electronic form")
    VERBAL = "verbal", _("Verbal, recorded by the team")
    PARENTAL = "parental", _("Signed by parents or guardians")


class ConsentRecord(PlanScopedModel):
    """That a group's informed consent was collected, how and where the proof is kept."""

    group = models.CharField(
        _("group"),
        max_length=200,
        validators=[no_personal_content],
        help_text=_("Who consented, as a group, e.g. “parents of Elm School pupils”."),
    )
    method = models.CharField(_("method"), max_length=20, choices=ConsentMethod)
    date = models.DateField(_("date"))
    document_reference = models.CharField(
        _("document reference"),
        max_length=200,
        validators=[no_personal_content],
        help_text=_("Where the signed forms or records are kept, not their content."),
    )
    count = models.PositiveIntegerField(_("number of consents"), null=True, blank=True)
    processing = optional_link(
        PersonalDataRecord, _("processing it covers"), related_name="consents"
    )

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self):
        return self.group

    def clean(self):
        errors = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = _(
                "Consent is recorded once collected: the date cannot be in the future."
            )
        if errors:
            raise ValidationError(errors)


PRINCIPLES = {
    "confidentiality": _("Confidentiality"),
    "consent": _("Informed consent"),
    "non_maleficence": _("Non-maleficence"),
    "fairness": _("Fairness"),
}


class EthicalIssue(PlanScopedModel):
    """An ethical dilemma, the options weighed and the decision taken, with its reasons."""

    title = models.CharField(_("issue"), max_length=500)
    dilemma = models.TextField(_("dilemma"))
    options = models.TextField(_("options considered"), blank=True)
    confidentiality = models.BooleanField(_("confidentiality"), default=False)
    consent = models.BooleanField(_("informed consent"), default=False)
    non_maleficence = models.BooleanField(_("non-maleficence"), default=False)
    fairness = models.BooleanField(_("fairness"), default=False)
    decision = models.TextField(_("decision"), blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    decided_by = models.CharField(_("decided by"), max_length=200, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta(PlanScopedModel.Meta):
        verbose_name = _("ethical issue")
        verbose_name_plural = _("ethical issues")

    def __str__(self):
        return self.title

    def principles(self):
        return [label for key, label in PRINCIPLES.items() if getattr(self, key)]

    @property
    def decided(self):
        return bool(self.decision.strip())

    def clean(self):
        errors = {}
        if self.decision.strip():
            if not self.decided_by.strip():
                errors["decided_by"] = _("Say who took the decision.")
            if not self.decided_on:
                errors["decided_on"] = _("Say when the decision was taken.")
            if not self.rationale.strip():
                errors["rationale"] = _("Explain why this option was chosen.")
        elif self.decided_on or self.decided_by.strip():
            errors["decision"] = _("Write the decision that was taken.")
        if self.decided_on and self.decided_on > timezone.localdate():
            errors["decided_on"] = _("A decision cannot be dated in the future.")
        if errors:
            raise ValidationError(errors)
