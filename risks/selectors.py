"""Reads of the risks section. Each is a fixed number of queries, whatever the plan's size."""

from django.db.models import Count, Prefetch, Q

from actions.models import Task
from plans.selectors import filter_by_request

from .models import Category, ContingencyPlan, Risk, Status


def _int(value):
    return int(value) if value and str(value).isdigit() and 1 <= int(value) <= 5 else None


def register_filters(request):
    if request is None:
        return {}
    return {
        "q": (request.GET.get("q") or "").strip(),
        "likelihood": _int(request.GET.get("likelihood")),
        "impact": _int(request.GET.get("impact")),
        "category": request.GET.get("category")
        if request.GET.get("category") in Category.values
        else "",
        "status": request.GET.get("status") if request.GET.get("status") in Status.values else "",
    }


def risks_for_plan(plan, request=None):
    """The register, highest score first, with the filters of the page (heat-map cell...)."""
    qs = (
        Risk.objects.filter(plan=plan)
        .select_related("owner")
        .prefetch_related(
            Prefetch("mitigations", queryset=Task.objects.only("id", "title", "status")),
            "assumptions",
            "kpis",
            Prefetch("contingency_plans", queryset=ContingencyPlan.objects.only("id", "risk_id")),
        )
        .order_by("-score", "position", "id")
    )
    f = register_filters(request)
    if f.get("q"):
        qs = qs.filter(
            Q(title__icontains=f["q"])
            | Q(description__icontains=f["q"])
            | Q(trigger__icontains=f["q"])
        )
    if f.get("likelihood"):
        qs = qs.filter(likelihood=f["likelihood"])
    if f.get("impact"):
        qs = qs.filter(impact=f["impact"])
    if f.get("category"):
        qs = qs.filter(category=f["category"])
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    return qs


def contingency_filters(request):
    """The contingency list's own filters; ``cp_`` names keep them apart from the register's."""
    if request is None:
        return {"q": "", "risk": None}
    risk = (request.GET.get("cp_risk") or "").strip()
    return {
        "q": (request.GET.get("cp_q") or "").strip(),
        "risk": int(risk) if risk.isdigit() else None,
    }


def contingency_for_plan(plan, request=None):
    qs = (
        ContingencyPlan.objects.filter(plan=plan)
        .select_related("risk")
        .order_by("-risk__score", "risk_id", "position", "id")
    )
    f = contingency_filters(request)
    if f["risk"]:
        qs = qs.filter(risk_id=f["risk"])
    return filter_by_request(
        qs,
        request,
        search_param="cp_q",
        search=(
            "risk__title",
            "trigger",
            "alternative_actions",
            "backup_resources",
            "communicated_by",
            "message",
            "audience",
        ),
    )


def contingency_risk_choices(plan):
    """``[(id, title)]`` of the risks that have a contingency plan, for the filter: one query."""
    return list(
        Risk.objects.filter(plan=plan, contingency_plans__isnull=False)
        .distinct()
        .order_by("-score", "position", "id")
        .values_list("id", "title")
    )


def heatmap_counts(plan, *, residual=False):
    """``{(likelihood, impact): count}`` in one query."""
    if residual:
        rows = (
            Risk.objects.filter(plan=plan, residual_likelihood__isnull=False)
            .values_list("residual_likelihood", "residual_impact")
            .annotate(n=Count("id"))
            .order_by()
        )
    else:
        rows = (
            Risk.objects.filter(plan=plan)
            .values_list("likelihood", "impact")
            .annotate(n=Count("id"))
            .order_by()
        )
    return {(likelihood, impact): n for likelihood, impact, n in rows}


def risks_for_assumptions(assumptions):
    """``{assumption id: [risks that watch it]}`` in one query, for the strategy page.

    Assumptions no risk covers are absent from the mapping (or map to an empty list).
    """
    ids = [a.pk for a in assumptions]
    result = {pk: [] for pk in ids}
    through = Risk.assumptions.through.objects.filter(assumption_id__in=ids).select_related("risk")
    for link in through.order_by("-risk__score", "risk_id"):
        result[link.assumption_id].append(link.risk)
    return result


def snapshot(plan):
    risks = list(
        Risk.objects.filter(plan=plan)
        .select_related("owner")
        .prefetch_related("mitigations", "assumptions", "kpis", "contingency_plans")
        .order_by("-score", "position", "id")
    )
    return {
        "risks": [
            {
                "id": r.pk,
                "title": r.title,
                "description": r.description,
                "category": r.category,
                "category_label": str(r.get_category_display()),
                "likelihood": r.likelihood,
                "impact": r.impact,
                "score": r.score,
                "level": r.level,
                "owner": r.owner.name if r.owner else "",
                "trigger": r.trigger,
                "status": r.status,
                "status_label": str(r.get_status_display()),
                "review_date": r.review_date.isoformat() if r.review_date else None,
                "residual_likelihood": r.residual_likelihood,
                "residual_impact": r.residual_impact,
                "residual_score": r.residual_score,
                "mitigations": [t.title for t in r.mitigations.all()],
                "assumptions": [a.statement for a in r.assumptions.all()],
                "kpis": [k.name for k in r.kpis.all()],
                "contingency_plans": [
                    {
                        "trigger": c.trigger,
                        "alternative_actions": c.alternative_actions,
                        "backup_resources": c.backup_resources,
                        "communicated_by": c.communicated_by,
                        "message": c.message,
                        "audience": c.audience,
                    }
                    for c in r.contingency_plans.all()
                ],
            }
            for r in risks
        ],
    }
