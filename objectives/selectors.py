from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.sections.snapshot import Computed, ItemType

from .models import SMART_LABELS, Goal, Scope, lines

# A goal misses a SMART criterion when any of these is empty (``Goal.smart_missing``).
MISSING_SMART = (
    Q(statement="")
    | Q(specific_outcome="")
    | Q(metric="")
    | Q(baseline=None)
    | Q(target=None)
    | Q(achievable_rationale="")
    | (Q(need=None) & Q(relevance=""))
    | Q(target_date=None)
)


def goals_for_plan(plan, *, filters=None):
    return Goal.objects.filter(plan=plan).select_related("need").order_by("position", "id")


def goals_missing_smart(qs):
    return qs.filter(MISSING_SMART)


def goal_extra_context(plan, shown, queryset):
    """The SMART criteria each goal drawn misses."""
    for goal in shown:
        goal.missing_labels = [SMART_LABELS[k] for k in goal.smart_missing()]
    return {}


def scope_for_plan(plan):
    return Scope.objects.filter(plan=plan).first()


def smart_labels(keys):
    return ", ".join(str(SMART_LABELS.get(k, k)) for k in keys)


GOAL = ItemType(
    key="goals",
    model=Goal,
    computed={
        "smart_missing": Computed(
            _("SMART criteria not met"), lambda g: g.smart_missing(), display=smart_labels
        )
    },
)
SCOPE = ItemType(key="scope", model=Scope)
LINE_FIELDS = ("in_scope", "out_of_scope", "geographic_areas", "areas_of_impact")


def snapshot(plan):
    scope = scope_for_plan(plan)
    scope_row = None
    if scope:
        scope_row = SCOPE.row(scope)
        scope_row.pop("id")
        scope_row.update({name: lines(getattr(scope, name)) for name in LINE_FIELDS})
    return {"goals": GOAL.rows(goals_for_plan(plan)), "scope": scope_row}
