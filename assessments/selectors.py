"""The reads of the assessment pages and their snapshots: a fixed number of queries each."""

from collections import defaultdict

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from plans.sections import Completeness

from .models import (
    HIGH_SCORE,
    Cause,
    Evidence,
    GridQuadrant,
    Need,
    Quadrant,
    Requirement,
    Stakeholder,
    SwotItem,
)


def _param(request, name):
    return (request.GET.get(name) or "").strip() if request is not None else ""


# --- needs and evidence --------------------------------------------------------------------


def needs_for_plan(plan, request=None):
    qs = (
        Need.objects.filter(plan=plan)
        .annotate(evidence_count=Count("evidence", distinct=True))
        .prefetch_related("goals")
        .order_by("position", "id")
    )
    q = _param(request, "need_q")
    if q:
        qs = qs.filter(
            Q(statement__icontains=q) | Q(affected_group__icontains=q) | Q(description__icontains=q)
        )
    priority = _param(request, "need_priority")
    if priority.isdigit():
        qs = qs.filter(priority=int(priority))
    if _param(request, "need_unsupported"):
        qs = qs.filter(evidence_count=0)
    return qs


def evidence_for_plan(plan, request=None):
    qs = Evidence.objects.filter(plan=plan).select_related("need").order_by("position", "id")
    need = _param(request, "ev_need")
    if need.isdigit():
        qs = qs.filter(need_id=int(need))
    source = _param(request, "ev_type")
    if source:
        qs = qs.filter(source_type=source)
    return qs


def need_choices(plan):
    return list(
        Need.objects.filter(plan=plan).order_by("position", "id").values_list("id", "statement")
    )


# --- SWOT ----------------------------------------------------------------------------------


def swot_items(plan, quadrant):
    return (
        SwotItem.objects.filter(plan=plan, quadrant=quadrant)
        .prefetch_related(Prefetch("needs", queryset=Need.objects.only("id", "statement")))
        .order_by("position", "id")
    )


# --- the problem tree ------------------------------------------------------------------------


def cause_tree(causes):
    """Causes in tree order (depth-first under each need), each with ``depth`` set.

    Works on any list of causes already loaded; a loop stored by mistake is cut, not followed.
    """
    children = defaultdict(list)
    ids = {c.pk for c in causes}
    for c in causes:
        children[c.parent_id if c.parent_id in ids else None].append(c)
    ordered, seen = [], set()

    def walk(node, depth):
        if node.pk in seen:
            return
        seen.add(node.pk)
        node.depth = depth
        ordered.append(node)
        for child in children.get(node.pk, []):
            walk(child, depth + 1)

    roots = sorted(children.get(None, []), key=lambda c: (c.need.position, c.need_id))
    for root in roots:
        walk(root, 0)
    previous_need = None
    for node in ordered:
        node.first_of_need = node.need_id != previous_need
        previous_need = node.need_id
    return ordered


def causes_for_plan(plan, request=None):
    causes = list(Cause.objects.filter(plan=plan).select_related("need").order_by("position", "id"))
    tree = cause_tree(causes)
    need = _param(request, "cause_need")
    if need.isdigit():
        tree = [c for c in tree if c.need_id == int(need)]
        for index, c in enumerate(tree):
            c.first_of_need = index == 0
    return tree


# --- stakeholders ----------------------------------------------------------------------------

QUADRANT_FILTERS = {
    GridQuadrant.MANAGE_CLOSELY: Q(interest__gte=HIGH_SCORE, influence__gte=HIGH_SCORE),
    GridQuadrant.KEEP_SATISFIED: Q(interest__lt=HIGH_SCORE, influence__gte=HIGH_SCORE),
    GridQuadrant.KEEP_INFORMED: Q(interest__gte=HIGH_SCORE, influence__lt=HIGH_SCORE),
    GridQuadrant.MONITOR: Q(interest__lt=HIGH_SCORE, influence__lt=HIGH_SCORE),
}


def stakeholders_for_plan(plan, request=None):
    qs = (
        Stakeholder.objects.filter(plan=plan)
        .annotate(requirement_count=Count("requirements"))
        .order_by("position", "id")
    )
    q = _param(request, "sh_q")
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(organisation__icontains=q)
            | Q(expectations__icontains=q)
            | Q(engagement_approach__icontains=q)
        )
    kind = _param(request, "sh_type")
    if kind:
        qs = qs.filter(stakeholder_type=kind)
    quadrant = _param(request, "sh_quadrant")
    if quadrant in QUADRANT_FILTERS:
        qs = qs.filter(QUADRANT_FILTERS[quadrant])
    return qs


def grid_points(plan):
    return list(
        Stakeholder.objects.filter(plan=plan)
        .order_by("position", "id")
        .values("name", "interest", "influence")
    )


def requirements_for_plan(plan, request=None):
    qs = (
        Requirement.objects.filter(plan=plan)
        .select_related("stakeholder")
        .order_by("stakeholder__position", "stakeholder_id", "position", "id")
    )
    status = _param(request, "req_status")
    if status:
        qs = qs.filter(status=status)
    q = _param(request, "req_q")
    if q:
        qs = qs.filter(Q(statement__icontains=q) | Q(stakeholder__name__icontains=q))
    return qs


# --- snapshots -------------------------------------------------------------------------------


def _date(value):
    return value.isoformat() if value else None


def snapshot(plan):
    """The needs assessment as plain data: needs with evidence and causes, and the SWOT."""
    needs = list(Need.objects.filter(plan=plan).order_by("position", "id"))
    evidence = defaultdict(list)
    for e in Evidence.objects.filter(plan=plan).order_by("position", "id"):
        evidence[e.need_id].append(
            {
                "id": e.pk,
                "source_type": e.source_type,
                "source_type_label": str(e.get_source_type_display()),
                "description": e.description,
                "date": _date(e.date),
                "reference": e.reference,
                "file_name": e.file_name if e.file else "",
            }
        )
    causes = cause_tree(list(Cause.objects.filter(plan=plan).select_related("need")))
    nodes = {}
    roots = defaultdict(list)
    for c in causes:
        nodes[c.pk] = {"id": c.pk, "statement": c.statement, "causes": []}
        if c.depth == 0:
            roots[c.need_id].append(nodes[c.pk])
        else:
            nodes[c.parent_id]["causes"].append(nodes[c.pk])
    swot = {q.value: [] for q in Quadrant}
    for item in (
        SwotItem.objects.filter(plan=plan).prefetch_related("needs").order_by("position", "id")
    ):
        swot[item.quadrant].append(
            {"id": item.pk, "text": item.text, "needs": [n.statement for n in item.needs.all()]}
        )
    return {
        "needs": [
            {
                "id": n.pk,
                "statement": n.statement,
                "affected_group": n.affected_group,
                "severity": n.severity,
                "severity_label": str(n.get_severity_display()),
                "priority": n.priority,
                "priority_label": str(n.get_priority_display()),
                "description": n.description,
                "evidence": evidence[n.pk],
                "causes": roots[n.pk],
            }
            for n in needs
        ],
        "swot": swot,
        "swot_labels": {q.value: str(q.label) for q in Quadrant},
    }


def stakeholders_snapshot(plan):
    requirements = defaultdict(list)
    for r in Requirement.objects.filter(plan=plan).order_by("position", "id"):
        requirements[r.stakeholder_id].append(
            {
                "id": r.pk,
                "statement": r.statement,
                "priority": r.priority,
                "priority_label": str(r.get_priority_display()),
                "status": r.status,
                "status_label": str(r.get_status_display()),
            }
        )
    return {
        "stakeholders": [
            {
                "id": s.pk,
                "name": s.name,
                "organisation": s.organisation,
                "type": s.stakeholder_type,
                "type_label": str(s.get_stakeholder_type_display()),
                "interest": s.interest,
                "influence": s.influence,
                "quadrant": str(s.quadrant),
                "quadrant_label": str(s.get_quadrant_display()),
                "expectations": s.expectations,
                "engagement_approach": s.engagement_approach,
                "requirements": requirements[s.pk],
            }
            for s in Stakeholder.objects.filter(plan=plan).order_by("position", "id")
        ]
    }


# --- completeness ----------------------------------------------------------------------------


def completeness(plan):
    """What the needs assessment lacks: needs, their evidence, the SWOT quadrants, causes."""
    needs = Need.objects.filter(plan=plan).aggregate(
        total=Count("id", distinct=True),
        unsupported=Count("id", filter=Q(evidence__isnull=True), distinct=True),
        with_causes=Count("id", filter=Q(causes__isnull=False), distinct=True),
    )
    quadrants = set(SwotItem.objects.filter(plan=plan).values_list("quadrant", flat=True))
    missing = []
    if not needs["total"]:
        missing.append(_("Describe at least one need."))
    if needs["unsupported"]:
        missing.append(
            ngettext(
                "%(count)s need has no evidence yet.",
                "%(count)s needs have no evidence yet.",
                needs["unsupported"],
            )
            % {"count": needs["unsupported"]}
        )
    elif not needs["total"]:
        missing.append(_("Back each need with evidence."))
    if len(quadrants) < len(Quadrant):
        missing.append(_("Fill each of the four SWOT quadrants."))
    if not needs["with_causes"]:
        missing.append(_("Trace the causes of at least one need in the problem tree."))
    return Completeness(done=4 - len(missing), total=4, missing=tuple(missing))


def stakeholders_completeness(plan):
    """What the stakeholder register lacks: stakeholders, an approach for each, requirements."""
    counts = Stakeholder.objects.filter(plan=plan).aggregate(
        total=Count("id", distinct=True),
        no_approach=Count("id", filter=Q(engagement_approach=""), distinct=True),
    )
    missing = []
    if not counts["total"]:
        missing.append(_("List the stakeholders of the plan."))
    if counts["no_approach"]:
        missing.append(
            ngettext(
                "%(count)s stakeholder has no engagement approach yet.",
                "%(count)s stakeholders have no engagement approach yet.",
                counts["no_approach"],
            )
            % {"count": counts["no_approach"]}
        )
    elif not counts["total"]:
        missing.append(_("Say how you will engage each stakeholder."))
    if not Requirement.objects.filter(plan=plan).exists():
        missing.append(_("Record what the stakeholders require from the plan."))
    return Completeness(done=3 - len(missing), total=3, missing=tuple(missing))
