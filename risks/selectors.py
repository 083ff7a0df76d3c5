"""Reads of the risks section. Each is a fixed number of queries, whatever the plan's size."""

from django.db.models import Count, F, Prefetch, Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from actions.models import Task
from plans.sections.snapshot import Computed, ItemType

from .models import LEVEL_LABELS, NOT_RATED, ContingencyPlan, Risk

SCALE = [(n, str(n)) for n in range(1, 6)]  # likelihood and impact, 1 to 5
# Highest score first; a risk not yet rated has no score and comes after every rated one.
BY_SCORE = F("score").desc(nulls_last=True)
UNRATED = Q(likelihood__isnull=True) | Q(impact__isnull=True)


def unrated(qs):
    """The risks whose likelihood or impact is still unknown (the register's filter)."""
    return qs.filter(UNRATED)


def risks_for_plan(plan, *, filters=None):
    """The register, highest score first."""
    return (
        Risk.objects.filter(plan=plan)
        .select_related("owner", "owner_stakeholder")
        .prefetch_related(
            Prefetch("mitigations", queryset=Task.objects.only("id", "title", "status")),
            "assumptions",
            "kpis",
            Prefetch("contingency_plans", queryset=ContingencyPlan.objects.only("id", "risk_id")),
        )
        .order_by(BY_SCORE, "position", "id")
    )


def contingency_for_plan(plan, *, filters=None):
    return (
        ContingencyPlan.objects.filter(plan=plan)
        .select_related("risk")
        .order_by(F("risk__score").desc(nulls_last=True), "risk_id", "position", "id")
    )


def contingency_risk_choices(plan):
    """``[(id, title)]`` of the risks that have a contingency plan, for the filter: one query."""
    risks = (
        Risk.objects.filter(plan=plan, contingency_plans__isnull=False)
        .distinct()
        .order_by(BY_SCORE, "position", "id")
        .values_list("id", "title")
    )
    return [(pk, Truncator(title).chars(70)) for pk, title in risks]


def heatmap_counts(plan, *, residual=False):
    """``{(likelihood, impact): count}`` in one query.

    Risks not yet rated are counted under keys holding ``None`` (``(None, 4)``): the heat map
    leaves them off the grid and says how many there are.
    """
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
    for link in through.order_by(F("risk__score").desc(nulls_last=True), "risk_id"):
        result[link.assumption_id].append(link.risk)
    return result


CONTINGENCY = ItemType(
    key="contingency_plans",
    model=ContingencyPlan,
    fields=tuple(f for f in ContingencyPlan.EDITABLE_FIELDS if f != "risk"),
    not_printed={"risk": _("Each contingency plan is printed under the risk it answers.")},
)
RISK = ItemType(
    key="risks",
    model=Risk,
    fields=(*Risk.EDITABLE_FIELDS, "score"),
    computed={
        "level": Computed(
            _("Level"), lambda r: r.level, display=lambda v: str(LEVEL_LABELS.get(v, v))
        ),
        "residual_score": Computed(_("Residual score"), lambda r: r.residual_score),
    },
    labels={"contingency_plans": _("Contingency plans")},
    unknown={
        "likelihood": NOT_RATED,
        "impact": NOT_RATED,
        "score": NOT_RATED,
        "category": _("not categorised"),
    },
)


def snapshot(plan):
    risks = (
        Risk.objects.filter(plan=plan)
        .select_related("owner", "owner_stakeholder")
        .prefetch_related("mitigations", "assumptions", "kpis", "contingency_plans")
        .order_by(BY_SCORE, "position", "id")
    )
    return {
        "risks": [
            RISK.row(r, contingency_plans=CONTINGENCY.rows(r.contingency_plans.all()))
            for r in risks
        ]
    }
