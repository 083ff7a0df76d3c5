"""The needs assessment page: needs, evidence, the SWOT grid and the problem tree."""

from django.utils.translation import gettext_lazy as _

from plans.sections.collection import InlineCollection
from plans.sections.filters import Exact, Flag, ListFilter
from plans.sections.page import section_page

from . import selectors
from .forms import CauseForm, EvidenceForm, NeedForm, SwotItemForm
from .models import Quadrant

# Evidence and causes are both filtered by the need they concern.
by_need = Exact("need", _("Need"), choices=selectors.need_choices, all_label=_("All needs"))
by_source = Exact("source_type", _("Source type"), all_label=_("All sources"))

needs = InlineCollection(
    name="needs",
    form_class=NeedForm,
    add_label=_("Add a need"),
    empty_label=_("No needs yet."),
    queryset=selectors.needs_for_plan,
    list_filter=ListFilter(
        search=("statement", "affected_group", "description"),
        search_label=_("Search needs"),
        exact=(
            Exact("priority", _("Priority"), all_label=_("Any priority")),
            Flag("unsupported", _("Only needs without evidence"), selectors.needs_without_evidence),
        ),
    ),
)

evidence = InlineCollection(
    name="evidence",
    title=_("Evidence"),
    intro=_(
        "Each need should rest on several sources. Files are kept with the plan and only "
        "members can download them."
    ),
    form_class=EvidenceForm,
    add_label=_("Add a piece of evidence"),
    empty_label=_("No evidence yet."),
    queryset=selectors.evidence_for_plan,
    list_filter=ListFilter(prefix="evidence", exact=(by_need, by_source)),
)


SWOT_ADD_LABELS = {
    Quadrant.STRENGTH: _("Add a strength"),
    Quadrant.WEAKNESS: _("Add a weakness"),
    Quadrant.OPPORTUNITY: _("Add an opportunity"),
    Quadrant.THREAT: _("Add a threat"),
}

swot = [
    InlineCollection(
        name=f"swot_{q.value}",
        fixed={"quadrant": q.value},
        queryset=selectors.swot_items,
        form_class=SwotItemForm,
        label=q.label,
        add_label=SWOT_ADD_LABELS[q],
        empty_label=_("Nothing noted yet."),
        orderable=False,  # positions are shared by the four quadrants
    )
    for q in Quadrant
]


class CauseTree(InlineCollection):
    """The problem tree: causes depth-first under each need, each with its depth."""

    def items_of(self, rows):
        return selectors.cause_tree(super().items_of(rows))

    def page_of(self, rows, limit):
        """The first ``limit`` causes in tree order: the order from the causes' ids, parents and
        needs (one light query), then the rows drawn only."""
        if rows is None:
            return [], 0
        order = selectors.cause_tree_order(rows)
        wanted = [node.pk for node in order[:limit]]
        loaded = {cause.pk: cause for cause in rows.filter(pk__in=wanted)}
        shown = [loaded[pk] for pk in wanted if pk in loaded]
        return selectors.with_tree_places(shown, order), len(order)


causes = CauseTree(
    name="causes",
    title=_("Problem tree"),
    intro=_(
        "Under each need, its causes; under each cause, the causes of that cause. Choose a "
        "parent cause to add a sub-cause."
    ),
    form_class=CauseForm,
    add_label=_("Add a cause"),
    empty_label=_("No causes yet: ask “why?” about each need."),
    queryset=selectors.causes_for_plan,
    extra_context=selectors.cause_rows_context,
    list_filter=ListFilter(prefix="causes", exact=(by_need,)),
    orderable=False,  # the tree gives the order
)

page = section_page(
    "assessments", "assessments/page.html", collections=[needs, evidence, *swot, causes]
)
