"""The reads of the strategy page and its snapshot: a fixed number of queries each."""

from django.db.models import Prefetch, Q

from .models import Assumption, Barrier, LogicElement, Method

Goal = Method._meta.get_field("goals").related_model
Need = LogicElement._meta.get_field("needs").related_model
# The risk register links risks to the assumptions they threaten (``Risk.assumptions``); the
# strategy reads that link from its side (``assumption.risks``) without importing risks.
Risk = Assumption._meta.get_field("risks").related_model


def _param(request, name):
    return (request.GET.get(name) or "").strip() if request is not None else ""


def _goals():
    return Prefetch("goals", queryset=Goal.objects.only("id", "statement").order_by("position"))


def _needs():
    return Prefetch("needs", queryset=Need.objects.only("id", "statement").order_by("position"))


def logic_elements_for_plan(plan, request=None):
    qs = (
        LogicElement.objects.filter(plan=plan)
        .prefetch_related(_goals(), _needs())
        .order_by("stage", "position", "id")
    )
    stage = _param(request, "stage")
    if stage.isdigit():
        qs = qs.filter(stage=int(stage))
    return qs


def chain_elements(plan):
    return list(
        LogicElement.objects.filter(plan=plan)
        .order_by("stage", "position", "id")
        .values("stage", "statement")
    )


def barriers_for_plan(plan, request=None):
    return Barrier.objects.filter(plan=plan).order_by("position", "id")


def _watching_risks():
    return Prefetch(
        "risks",
        queryset=Risk.objects.only("id", "title", "score", "status").order_by("-score", "id"),
    )


def assumptions_for_plan(plan, request=None):
    """The assumptions, each with the risks that watch it (``assumption.risks.all``)."""
    return (
        Assumption.objects.filter(plan=plan)
        .prefetch_related(_watching_risks())
        .order_by("position", "id")
    )


def unwatched_assumptions(plan):
    """Assumptions that no risk of the register watches: nobody would see them fail."""
    return list(
        Assumption.objects.filter(plan=plan, risks__isnull=True)
        .order_by("position", "id")
        .values("id", "statement")
    )


def methods_for_plan(plan, request=None):
    qs = Method.objects.filter(plan=plan).prefetch_related(_goals()).order_by("position", "id")
    q = _param(request, "method_q")
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(description__icontains=q)
            | Q(target_group__icontains=q)
            | Q(evidence_base__icontains=q)
        )
    kind = _param(request, "method_type")
    if kind:
        qs = qs.filter(method_type=kind)
    if _param(request, "method_orphan"):
        qs = qs.filter(goals__isnull=True)
    return qs


def coverage(plan):
    """Goals that no method serves, and methods that serve no goal."""
    return {
        "goals_without_method": list(
            Goal.objects.filter(plan=plan, methods__isnull=True)
            .order_by("position", "id")
            .values("id", "statement")
        ),
        "methods_without_goal": list(
            Method.objects.filter(plan=plan, goals__isnull=True)
            .order_by("position", "id")
            .values("id", "name")
        ),
        "assumptions_without_risk": unwatched_assumptions(plan),
    }


def snapshot(plan):
    elements = logic_elements_for_plan(plan)
    methods = methods_for_plan(plan)
    return {
        "logic_model": [
            {
                "id": e.pk,
                "stage": e.stage,
                "stage_label": str(e.get_stage_display()),
                "statement": e.statement,
                "description": e.description,
                "goals": [g.statement for g in e.goals.all()],
                "needs": [n.statement for n in e.needs.all()],
            }
            for e in elements
        ],
        "barriers": [
            {
                "id": b.pk,
                "statement": b.statement,
                "kind": b.kind,
                "kind_label": str(b.get_kind_display()),
                "response": b.response,
            }
            for b in barriers_for_plan(plan)
        ],
        "assumptions": [
            {
                "id": a.pk,
                "statement": a.statement,
                "rationale": a.rationale,
                "status": a.status,
                "status_label": str(a.get_status_display()),
                "risks": [r.title for r in a.risks.all()],
            }
            for a in assumptions_for_plan(plan)
        ],
        "methods": [
            {
                "id": m.pk,
                "name": m.name,
                "type": m.method_type,
                "type_label": str(m.get_method_type_display()),
                "description": m.description,
                "evidence_base": m.evidence_base,
                "target_group": m.target_group,
                "scalability": m.scalability,
                "sustainability": m.sustainability,
                "goals": [g.statement for g in m.goals.all()],
            }
            for m in methods
        ],
        "coverage": coverage(plan),
    }
