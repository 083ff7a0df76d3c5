"""The risks & contingency section's page, its register and its contingency plans: declarations."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.sections.collection import InlineCollection
from plans.sections.filters import Exact, Flag, ListFilter
from plans.sections.page import section_page

from . import selectors
from .charts import heatmap_svg
from .forms import ContingencyPlanForm, RiskForm

risks = InlineCollection(
    name="risks",
    form_class=RiskForm,
    add_label=_("Add a risk"),
    empty_label=_("No risks match."),
    queryset=selectors.risks_for_plan,
    orderable=False,  # the register is sorted by score
    list_filter=ListFilter(
        search=("title", "description", "trigger"),
        search_label=_("Search risks"),
        exact=(
            Exact("category", _("Category"), all_label=_("All categories")),
            Exact("status", _("Status"), all_label=_("All statuses")),
            # A cell of the heat map selects both.
            Exact(
                "likelihood",
                _("Likelihood"),
                choices=selectors.SCALE,
                all_label=_("Any likelihood"),
            ),
            Exact("impact", _("Impact"), choices=selectors.SCALE, all_label=_("Any impact")),
            Flag("unrated", _("Only risks not yet rated"), apply=selectors.unrated),
        ),
    ),
)

contingency = InlineCollection(
    name="contingency",
    form_class=ContingencyPlanForm,
    intro=_(
        "Plan B for the risks that would hurt most: what sets it off, what the team does "
        "instead, what it holds in reserve and who tells whom."
    ),
    add_label=_("Add a contingency plan"),
    empty_label=_("No contingency plans match."),
    queryset=selectors.contingency_for_plan,
    orderable=False,
    list_filter=ListFilter(
        search=("risk__title", *selectors.CONTINGENCY.fields),  # and every field it prints
        search_label=_("Search contingency plans"),
        exact=(
            Exact(
                "risk",
                _("Risk"),
                choices=selectors.contingency_risk_choices,
                all_label=_("All risks"),
            ),
        ),
    ),
)


def heat_maps(request, access, context):
    """The heat maps beside the register; a cell of the first one filters the register."""
    plan, filters = access.plan, context["risks"]["filters"]
    base = reverse("risks:page", kwargs={"plan": plan.uuid})
    param = risks.list_filter.param

    def link(likelihood, impact):
        return f"{base}?{param('likelihood')}={likelihood}&{param('impact')}={impact}#register"

    cell = (filters["likelihood"], filters["impact"])
    counts = selectors.heatmap_counts(plan)
    return {
        "cell": {"likelihood": cell[0], "impact": cell[1]} if any(cell) else None,
        # Off the map: the page links to them in the register.
        "unrated_count": sum(n for key, n in counts.items() if None in key),
        "unrated_url": f"{base}?{param('unrated')}=1#register",
        "heatmap": heatmap_svg(
            counts,
            link=link,
            selected=(int(cell[0]), int(cell[1])) if all(cell) else None,
            htmx_target=f"#{risks.dom_id}",
        ),
        "residual_heatmap": heatmap_svg(
            selectors.heatmap_counts(plan, residual=True), chart_id="residual-heatmap"
        ),
    }


page = section_page("risks", "risks/page.html", collections=[risks, contingency], extra=heat_maps)
