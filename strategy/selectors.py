"""The reads of the strategy page and its snapshot: a fixed number of queries each."""

from django.db.models import F, Prefetch
from django.utils.translation import gettext_lazy as _

from plans.sections.snapshot import Computed, ItemType

from .models import Assumption, Barrier, LogicElement, Method, MethodType

Goal = Method._meta.get_field("goals").related_model
Need = LogicElement._meta.get_field("needs").related_model
# The risk register links risks to the assumptions they threaten (``Risk.assumptions``); the
# strategy reads that link from its side (``assumption.risks``) without importing risks.
Risk = Assumption._meta.get_field("risks").related_model


def _goals():
    return Prefetch("goals", queryset=Goal.objects.only("id", "statement").order_by("position"))


def _needs():
    return Prefetch("needs", queryset=Need.objects.only("id", "statement").order_by("position"))


def logic_elements_for_plan(plan, *, filters=None):
    return (
        LogicElement.objects.filter(plan=plan)
        .prefetch_related(_goals(), _needs(), "leads_to")
        .order_by("stage", "position", "id")
    )


def chain_elements(plan):
    return list(
        LogicElement.objects.filter(plan=plan)
        .order_by("stage", "position", "id")
        .values("stage", "statement")
    )


def _watching_risks():
    return Prefetch(
        "risks",
        # A risk not yet rated has no score: after the rated ones.
        queryset=Risk.objects.only("id", "title", "score", "status").order_by(
            F("score").desc(nulls_last=True), "id"
        ),
    )


def assumptions_for_plan(plan, *, filters=None):
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


def methods_for_plan(plan, *, filters=None):
    return Method.objects.filter(plan=plan).prefetch_related(_goals()).order_by("position", "id")


def methods_without_goal(qs):
    return qs.filter(goals__isnull=True)


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


def _choice_label(choices):
    return lambda value: str(choices(value).label)


LOGIC_ELEMENT = ItemType(
    key="logic_model",
    model=LogicElement,
    fields=("stage", "statement", "description", "goals", "needs", "leads_to"),
)
BARRIER = ItemType(key="barriers", model=Barrier, fields=("statement", "kind", "response"))
ASSUMPTION = ItemType(
    key="assumptions",
    model=Assumption,
    fields=("statement", "rationale", "status", "risks"),
    labels={"risks": _("Risks that watch it")},
)
METHOD = ItemType(
    key="methods",
    model=Method,
    fields=(
        "name",
        "description",
        "evidence_base",
        "target_group",
        "scalability",
        "sustainability",
        "goals",
    ),
    # Named before the item declarations were: "type", not "method_type".
    computed={
        "type": Computed(_("Type"), lambda m: m.method_type, display=_choice_label(MethodType)),
        "type_label": Computed(_("Type"), lambda m: str(m.get_method_type_display())),
    },
    printed_as={"method_type": "type"},
)
ITEM_TYPES = (LOGIC_ELEMENT, BARRIER, ASSUMPTION, METHOD)


def snapshot(plan):
    return {
        "logic_model": LOGIC_ELEMENT.rows(logic_elements_for_plan(plan)),
        "barriers": BARRIER.plan_rows(plan),
        "assumptions": ASSUMPTION.rows(assumptions_for_plan(plan)),
        "methods": METHOD.rows(methods_for_plan(plan)),
        "coverage": coverage(plan),
    }
