"""Reads of the compliance section: fixed query counts, whatever the plan's size."""

from django.db.models import Q

from plans.selectors import filter_by_request

from .models import (
    PRINCIPLES,
    ConsentRecord,
    EthicalIssue,
    PersonalDataRecord,
    Requirement,
)
from .starters import starters_for


def requirements_for_plan(plan, request=None):
    qs = filter_by_request(
        Requirement.objects.filter(plan=plan),
        request,
        search=("requirement", "how_we_comply", "evidence", "owner"),
        exact=("category", "status"),
    )
    return list(qs.order_by("position", "id"))


def data_records_for_plan(plan, request=None):
    return list(PersonalDataRecord.objects.filter(plan=plan).order_by("position", "id"))


def consents_for_plan(plan, request=None):
    return list(
        ConsentRecord.objects.filter(plan=plan)
        .select_related("processing")
        .order_by("position", "id")
    )


def issues_for_plan(plan, request=None):
    qs = EthicalIssue.objects.filter(plan=plan)
    q = (request.GET.get("iq") or "").strip() if request is not None else ""
    if q:
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(dilemma__icontains=q)
            | Q(decision__icontains=q)
            | Q(rationale__icontains=q)
        )
    return list(qs.order_by("position", "id"))


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


def _iso(value):
    return value.isoformat() if value else None


def snapshot(plan):
    return {
        "requirements": [
            {
                "requirement": r.requirement,
                "category": r.category,
                "category_label": str(r.get_category_display()),
                "how_we_comply": r.how_we_comply,
                "evidence": r.evidence,
                "owner": r.owner,
                "status": r.status,
                "status_label": str(r.get_status_display()),
                "next_review": _iso(r.next_review),
            }
            for r in requirements_for_plan(plan)
        ],
        "personal_data": [
            {
                "data": d.data,
                "purpose": d.purpose,
                "legal_basis": d.legal_basis,
                "legal_basis_label": str(d.get_legal_basis_display()),
                "special_category": d.special_category,
                "retention": d.retention,
                "access": d.access,
            }
            for d in data_records_for_plan(plan)
        ],
        "consents": [
            {
                "group": c.group,
                "method": c.method,
                "method_label": str(c.get_method_display()),
                "date": _iso(c.date),
                "document_reference": c.document_reference,
                "count": c.count,
                "processing": c.processing.data if c.processing else "",
            }
            for c in consents_for_plan(plan)
        ],
        "ethical_issues": [
            {
                "title": e.title,
                "dilemma": e.dilemma,
                "options": e.options,
                "principles": [key for key in PRINCIPLES if getattr(e, key)],
                "principle_labels": [str(label) for label in e.principles()],
                "decision": e.decision,
                "rationale": e.rationale,
                "decided_by": e.decided_by,
                "decided_on": _iso(e.decided_on),
            }
            for e in issues_for_plan(plan)
        ],
    }
