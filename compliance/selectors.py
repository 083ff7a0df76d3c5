"""Reads of the compliance section: fixed query counts, whatever the plan's size."""

from django.utils.translation import gettext_lazy as _

from plans.sections.snapshot import Computed, ItemType

from .models import (
    PRINCIPLES,
    ConsentRecord,
    EthicalIssue,
    PersonalDataRecord,
    Requirement,
)
from .starters import starters_for


def consents_for_plan(plan, *, filters=None):
    return (
        ConsentRecord.objects.filter(plan=plan)
        .select_related("processing")
        .order_by("position", "id")
    )


def starter_choices(plan):
    """The sector's starter items, with whether the plan already has each one."""
    present = set(
        Requirement.objects.filter(plan=plan)
        .exclude(starter_key="")
        .values_list("starter_key", flat=True)
    )
    return [
        {"key": key, "category": category, "text": text, "present": key in present}
        for key, category, text in starters_for(plan.sector)
    ]


def principle_labels(keys):
    return ", ".join(str(PRINCIPLES.get(key, key)) for key in keys)


REQUIREMENT = ItemType(key="requirements", model=Requirement)
PERSONAL_DATA = ItemType(
    key="personal_data",
    model=PersonalDataRecord,
    fields=("data", "purpose", "legal_basis", "special_category", "retention", "access"),
)
CONSENT = ItemType(
    key="consents",
    model=ConsentRecord,
    fields=("group", "method", "date", "document_reference", "count", "processing"),
)
ETHICAL_ISSUE = ItemType(
    key="ethical_issues",
    model=EthicalIssue,
    fields=("title", "dilemma", "options", "decision", "rationale", "decided_by", "decided_on"),
    printed_as=dict.fromkeys(
        ("confidentiality", "consent", "non_maleficence", "fairness"), "principle_labels"
    ),
    computed={
        # The four principle check boxes of the form, as one list.
        "principles": Computed(
            _("Principles at stake"),
            lambda e: [key for key in PRINCIPLES if getattr(e, key)],
            display=principle_labels,
        ),
        "principle_labels": Computed(
            _("Principles at stake (as printed)"), lambda e: [str(p) for p in e.principles()]
        ),
    },
)


def snapshot(plan):
    return {
        "requirements": REQUIREMENT.plan_rows(plan),
        "personal_data": PERSONAL_DATA.plan_rows(plan),
        "consents": CONSENT.rows(consents_for_plan(plan)),
        "ethical_issues": ETHICAL_ISSUE.plan_rows(plan),
    }
