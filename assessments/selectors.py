"""The reads of the assessment pages and their snapshots: a fixed number of queries each."""

from collections import defaultdict
from types import SimpleNamespace

from django.db.models import Count, Prefetch, Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from plans.sections.snapshot import Computed, ItemType

from .models import (
    HIGH_SCORE,
    NOT_GIVEN,
    NOT_PLACED,
    NOT_RATED,
    Cause,
    Evidence,
    GridQuadrant,
    Need,
    Quadrant,
    Requirement,
    Stakeholder,
    StakeholderType,
    SwotItem,
)

# --- needs and evidence --------------------------------------------------------------------


def needs_for_plan(plan, *, filters=None):
    return (
        Need.objects.filter(plan=plan)
        .annotate(evidence_count=Count("evidence", distinct=True))
        .prefetch_related("goals")
        .order_by("position", "id")
    )


def needs_without_evidence(qs):
    return qs.filter(evidence_count=0)


def evidence_for_plan(plan, *, filters=None):
    return Evidence.objects.filter(plan=plan).select_related("need").order_by("position", "id")


def need_choices(plan):
    """The plan's needs as filter choices, each named by its statement (shortened)."""
    needs = Need.objects.filter(plan=plan).order_by("position", "id").values_list("id", "statement")
    return [
        (pk, statement if len(statement) <= 70 else Truncator(statement).chars(70))
        for pk, statement in needs
    ]


# --- SWOT ----------------------------------------------------------------------------------


def swot_items(plan, *, filters=None):
    """Every SWOT item with its needs; each quadrant's list narrows it to its own."""
    return (
        SwotItem.objects.filter(plan=plan)
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


def causes_for_plan(plan, *, filters=None):
    """The plan's causes; the problem tree list puts them in tree order (``cause_tree``)."""
    return Cause.objects.filter(plan=plan).select_related("need").order_by("position", "id")


def cause_tree_order(causes):
    """The tree order of a queryset of causes, read from their ids, parents and needs only (not
    their rows): light nodes with ``pk``, ``depth`` and ``first_of_need``, as ``cause_tree``."""
    nodes = [
        SimpleNamespace(
            pk=pk, parent_id=parent_id, need_id=need_id, need=SimpleNamespace(position=position)
        )
        for pk, parent_id, need_id, position in causes.values_list(
            "pk", "parent_id", "need_id", "need__position"
        )
    ]
    return cause_tree(nodes)  # in the queryset's order, as the rows would come


def with_tree_places(causes, order):
    """``causes`` with the depth and need heading of their place in ``order``."""
    places = {node.pk: node for node in order}
    for cause in causes:
        node = places.get(cause.pk)
        cause.depth = node.depth if node else 0
        cause.first_of_need = node.first_of_need if node else True
    return causes


def cause_rows_context(plan, shown, queryset):
    """Depth and need heading for rows drawn on their own (a row shown again after an edit is
    cancelled): a page of the list has them from its tree order already."""
    if shown and not hasattr(shown[0], "depth"):
        with_tree_places(shown, cause_tree_order(causes_for_plan(plan)))
    return {}


# --- stakeholders ----------------------------------------------------------------------------

# Stakeholders whose interest or influence is still unknown: not yet placed on the grid.
UNPLACED = "not_placed"
UNRATED = Q(interest__isnull=True) | Q(influence__isnull=True)
# A comparison with an unknown rating is never true: an unrated stakeholder is in no quadrant.
QUADRANT_FILTERS = {
    GridQuadrant.MANAGE_CLOSELY: Q(interest__gte=HIGH_SCORE, influence__gte=HIGH_SCORE),
    GridQuadrant.KEEP_SATISFIED: Q(interest__lt=HIGH_SCORE, influence__gte=HIGH_SCORE),
    GridQuadrant.KEEP_INFORMED: Q(interest__gte=HIGH_SCORE, influence__lt=HIGH_SCORE),
    GridQuadrant.MONITOR: Q(interest__lt=HIGH_SCORE, influence__lt=HIGH_SCORE),
    UNPLACED: UNRATED,
}
UNPLACED_CHOICE = (UNPLACED, NOT_PLACED)  # the quadrant filter's choice for them


def stakeholders_for_plan(plan, *, filters=None):
    return (
        Stakeholder.objects.filter(plan=plan)
        .annotate(requirement_count=Count("requirements"))
        .order_by("position", "id")
    )


def stakeholders_in_quadrant(qs, quadrant):
    return qs.filter(QUADRANT_FILTERS[quadrant])


def grid_points(plan):
    return list(
        Stakeholder.objects.filter(plan=plan)
        .order_by("position", "id")
        .values("name", "interest", "influence")
    )


def requirements_for_plan(plan, *, filters=None):
    return (
        Requirement.objects.filter(plan=plan)
        .select_related("stakeholder")
        .order_by("stakeholder__position", "stakeholder_id", "position", "id")
    )


# --- snapshots -------------------------------------------------------------------------------


def _choice_label(choices):
    return lambda value: str(choices(value).label)


NEED = ItemType(
    key="needs",
    model=Need,
    fields=("statement", "affected_group", "severity", "priority", "description"),
    unknown={"severity": NOT_RATED, "priority": NOT_RATED},
    labels={"evidence": _("Evidence"), "causes": _("Causes")},
)
EVIDENCE = ItemType(
    key="evidence",
    model=Evidence,
    fields=("source_type", "description", "date", "reference"),
    computed={"file_name": Computed(_("File"), lambda e: e.file_name if e.file else "")},
    unknown={"source_type": NOT_GIVEN},
    printed_as={"file": "file_name"},
    not_printed={"need": _("Each source is printed beside the need it supports.")},
)
CAUSE = ItemType(
    key="causes",
    model=Cause,
    fields=("statement",),
    labels={"causes": _("Sub-causes")},
    not_printed={
        "need": _("The problem tree is printed under its need."),
        "parent": _("A cause is printed as a branch of the cause it leads to."),
    },
)
IN_ITS_QUADRANT = {"quadrant": _("Each item is printed in the box of its quadrant.")}
# The grid (``swot``) holds one list per quadrant, keyed by the quadrant (``swot.threat``).
SWOT = ItemType(
    key="swot",
    model=SwotItem,
    labels={q.value: q.label for q in Quadrant},
    not_printed=IN_ITS_QUADRANT,
)
SWOT_QUADRANTS = {
    q.value: ItemType(
        key=q.value, model=SwotItem, fields=("text", "needs"), not_printed=IN_ITS_QUADRANT
    )
    for q in Quadrant
}
STAKEHOLDER = ItemType(
    key="stakeholders",
    model=Stakeholder,
    fields=(
        "name",
        "organisation",
        "interest",
        "influence",
        "expectations",
        "engagement_approach",
    ),
    # Named before the item declarations were: "type", not "stakeholder_type".
    computed={
        "type": Computed(
            _("Type"), lambda s: s.stakeholder_type, display=_choice_label(StakeholderType)
        ),
        "type_label": Computed(
            _("Type"), lambda s: str(s.get_stakeholder_type_display() or NOT_GIVEN)
        ),
        # None while the interest or the influence is unknown (the label says "not yet placed").
        "quadrant": Computed(
            _("Quadrant"),
            lambda s: s.quadrant and str(s.quadrant),
            display=_choice_label(GridQuadrant),
        ),
        "quadrant_label": Computed(_("Quadrant"), lambda s: str(s.get_quadrant_display())),
    },
    labels={"requirements": _("Requirements")},
    unknown={"interest": NOT_RATED, "influence": NOT_RATED, "quadrant": NOT_PLACED},
    printed_as={"stakeholder_type": "type"},
)
REQUIREMENT = ItemType(
    key="requirements",
    model=Requirement,
    fields=("statement", "priority", "status"),
    unknown={"priority": _("priority not set")},
    not_printed={"stakeholder": _("Each requirement is printed under its stakeholder.")},
)
ITEM_TYPES = (NEED, EVIDENCE, CAUSE, SWOT, *SWOT_QUADRANTS.values())
STAKEHOLDER_ITEM_TYPES = (STAKEHOLDER, REQUIREMENT)


def snapshot(plan):
    """The needs assessment as plain data: needs with evidence and causes, and the SWOT."""
    evidence = defaultdict(list)
    for e in Evidence.objects.filter(plan=plan).order_by("position", "id"):
        evidence[e.need_id].append(EVIDENCE.row(e))
    nodes, roots = {}, defaultdict(list)
    for c in cause_tree(list(Cause.objects.filter(plan=plan).select_related("need"))):
        nodes[c.pk] = CAUSE.row(c, causes=[])
        if c.depth == 0:
            roots[c.need_id].append(nodes[c.pk])
        else:
            nodes[c.parent_id]["causes"].append(nodes[c.pk])
    swot = {q.value: [] for q in Quadrant}
    items = SwotItem.objects.filter(plan=plan).prefetch_related("needs").order_by("position", "id")
    for item in items:
        swot[item.quadrant].append(SWOT_QUADRANTS[item.quadrant].row(item))
    needs = Need.objects.filter(plan=plan).order_by("position", "id")
    return {
        "needs": [NEED.row(n, evidence=evidence[n.pk], causes=roots[n.pk]) for n in needs],
        "swot": swot,
        "swot_labels": {q.value: str(q.label) for q in Quadrant},
    }


def stakeholders_snapshot(plan):
    requirements = defaultdict(list)
    for r in Requirement.objects.filter(plan=plan).order_by("position", "id"):
        requirements[r.stakeholder_id].append(REQUIREMENT.row(r))
    stakeholders = Stakeholder.objects.filter(plan=plan).order_by("position", "id")
    return {
        "stakeholders": [STAKEHOLDER.row(s, requirements=requirements[s.pk]) for s in stakeholders]
    }
