from django.db.models import Q

from .models import SMART_LABELS, Goal, Scope, lines


def goals_for_plan(plan, request=None):
    qs = Goal.objects.filter(plan=plan).select_related("need").order_by("position", "id")
    q = (request.GET.get("q") or "").strip() if request is not None else ""
    if q:
        qs = qs.filter(
            Q(statement__icontains=q) | Q(metric__icontains=q) | Q(specific_outcome__icontains=q)
        )
    goals = list(qs)
    if request is not None and request.GET.get("incomplete"):
        goals = [g for g in goals if g.smart_missing()]
    return goals


def goal_extra_context(plan, goals):
    for goal in goals:
        goal.missing_labels = [SMART_LABELS[k] for k in goal.smart_missing()]
    return {}


def scope_for_plan(plan):
    return Scope.objects.filter(plan=plan).first()


def snapshot(plan):
    goals = Goal.objects.filter(plan=plan).select_related("need").order_by("position", "id")
    scope = scope_for_plan(plan)
    return {
        "goals": [
            {
                "id": g.pk,
                "statement": g.statement,
                "specific_outcome": g.specific_outcome,
                "metric": g.metric,
                "baseline": None if g.baseline is None else str(g.baseline),
                "target": None if g.target is None else str(g.target),
                "unit": g.unit,
                "achievable_rationale": g.achievable_rationale,
                "need": g.need.statement if g.need else "",
                "relevance": g.relevance,
                "target_date": g.target_date.isoformat() if g.target_date else None,
                "smart_missing": g.smart_missing(),
            }
            for g in goals
        ],
        "scope": {
            "in_scope": lines(scope.in_scope),
            "out_of_scope": lines(scope.out_of_scope),
            "target_population": scope.target_population,
            "population_size": scope.population_size,
            "geographic_areas": lines(scope.geographic_areas),
            "areas_of_impact": lines(scope.areas_of_impact),
            "overlaps": scope.overlaps,
        }
        if scope
        else None,
    }
