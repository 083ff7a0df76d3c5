"""The stakeholders section's page: the power/interest grid, the register and its requirements."""

from django.utils.translation import gettext_lazy as _

from plans.sections.collection import InlineCollection
from plans.sections.filters import Exact, ListFilter
from plans.sections.page import section_page

from . import selectors
from .charts import power_interest_svg
from .forms import RequirementForm, StakeholderForm
from .models import GridQuadrant

stakeholders = InlineCollection(
    name="stakeholders",
    title=_("Stakeholder register"),
    form_class=StakeholderForm,
    add_label=_("Add a stakeholder"),
    empty_label=_("No stakeholders yet."),
    queryset=selectors.stakeholders_for_plan,
    list_filter=ListFilter(
        search=("name", "organisation", "expectations", "engagement_approach"),
        search_label=_("Search stakeholders"),
        exact=(
            Exact("type", _("Type"), lookup="stakeholder_type", all_label=_("All types")),
            Exact(
                "quadrant",
                _("Quadrant"),
                choices=[*GridQuadrant.choices, selectors.UNPLACED_CHOICE],
                all_label=_("All quadrants"),
                apply=selectors.stakeholders_in_quadrant,
            ),
        ),
    ),
)

requirements = InlineCollection(
    name="requirements",
    form_class=RequirementForm,
    add_label=_("Add a requirement"),
    empty_label=_("No requirements yet."),
    queryset=selectors.requirements_for_plan,
    list_filter=ListFilter(
        search=("statement", "stakeholder__name"),
        search_label=_("Search requirements"),
        exact=(Exact("status", _("Status"), all_label=_("Any status")),),
    ),
    orderable=False,  # grouped by stakeholder
)


def grid(request, access, context):
    points = selectors.grid_points(access.plan)
    return {
        "grid_svg": power_interest_svg(points),
        # Off the grid: the page links to them in the register.
        "unplaced_count": sum(1 for p in points if None in (p["interest"], p["influence"])),
        "unplaced_url": f"?{stakeholders.list_filter.param('quadrant')}={selectors.UNPLACED}"
        f"#{stakeholders.dom_id}",
    }


page = section_page(
    "stakeholders",
    "assessments/stakeholders_page.html",
    collections=[stakeholders, requirements],
    extra=grid,
)
