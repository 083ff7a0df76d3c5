"""The reads of the assessment pages and their snapshots: a fixed number of queries each."""

from collections import defaultdict

from django.db.models import Count, Prefetch, Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from plans.sections import Completeness
from plans.sections.snapshot import Computed, ItemType

from .models import (
    HIGH_SCORE,
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


def cause_rows_context(plan, items):
    """Depth and need heading for rows drawn on their own (a row shown again after an edit is
    cancelled): the whole list has them from ``cause_tree`` already."""
    if items and not hasattr(items[0], "depth"):
        tree = {c.pk: c for c in cause_tree(list(causes_for_plan(plan)))}
        for item in items:
            node = tree.get(item.pk)
            item.depth = node.depth if node else 0
            item.first_of_need = node.first_of_need if node else True
    return {}


# --- stakeholders ----------------------------------------------------------------------------

QUADRANT_FILTERS = {
    GridQuadrant.MANAGE_CLOSELY: Q(interest__gte=HIGH_SCORE, influence__gte=HIGH_SCORE),
    GridQuadrant.KEEP_SATISFIED: Q(interest__lt=HIGH_SCORE, influence__gte=HIGH_SCORE),
    GridQuadrant.KEEP_INFORMED: Q(interest__gte=HIGH_SCORE, influence__lt=HIGH_SCORE),
    GridQuadrant.MONITOR: Q(interest__lt=HIGH_SCORE, influence__lt=HIGH_SCORE),
}


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
    labels={"evidence": _("Evidence"), "causes": _("Causes")},
)
EVIDENCE = ItemType(
    key="evidence",
    model=Evidence,
    fields=("source_type", "description", "date", "reference"),
    computed={"file_name": Computed(_("File"), lambda e: e.file_name if e.file else "")},
)
CAUSE = ItemType(
    key="causes", model=Cause, fields=("statement",), labels={"causes": _("Sub-causes")}
)
# The grid (``swot``) holds one list per quadrant, keyed by the quadrant (``swot.threat``).
SWOT = ItemType(key="swot", model=SwotItem, labels={q.value: q.label for q in Quadrant})
SWOT_QUADRANTS = {
    q.value: ItemType(key=q.value, model=SwotItem, fields=("text", "needs")) for q in Quadrant
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
        "type_label": Computed(_("Type"), lambda s: str(s.get_stakeholder_type_display())),
        "quadrant": Computed(
            _("Quadrant"), lambda s: str(s.quadrant), display=_choice_label(GridQuadrant)
        ),
        "quadrant_label": Computed(_("Quadrant"), lambda s: str(s.get_quadrant_display())),
    },
    labels={"requirements": _("Requirements")},
)
REQUIREMENT = ItemType(
    key="requirements", model=Requirement, fields=("statement", "priority", "status")
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


# --- completeness ----------------------------------------------------------------------------


def completeness(plan):
    """What the needs assessment lacks: needs, their evidence, the SWOT quadrants, causes."""
    needs = Need.objects.filter(plan=plan).aggregate(
        total=Count("id", distinct=True),
        unsupported=Count("id", filter=Q(evidence__isnull=True), distinct=True),
        with_causes=Count("id", filter=Q(causes__isnull=False), distinct=True),
    )
    quadrants = set(SwotItem.objects.filter(plan=plan).values_list("quadrant", flat=True))
    # A source known only by name is kept, and counted here as still missing its reference.
    sources = Evidence.objects.filter(plan=plan).aggregate(
        total=Count("id"), unsourced=Count("id", filter=Q(reference="", file=""))
    )
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
    done = 4 - len(missing)
    if sources["unsourced"]:
        missing.append(
            ngettext(
                "%(count)s evidence source has no reference or file yet.",
                "%(count)s evidence sources have no reference or file yet.",
                sources["unsourced"],
            )
            % {"count": sources["unsourced"]}
        )
    elif sources["total"]:
        done += 1
    return Completeness(done=done, total=5, missing=tuple(missing))


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
