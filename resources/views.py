"""The resources section's page, its lists and budget settings: declarations; and the
allocation view (who gives how much time, month by month), a page of its own."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from plans.permissions import Capability, plan_view
from plans.sections.collection import InlineCollection
from plans.sections.filters import Exact, ListFilter
from plans.sections.page import section_page
from plans.sections.singleton import InlineSingleton

from . import selectors, services
from .charts import budget_charts
from .forms import AllocationForm, BudgetLineForm, ResourcesSettingsForm, TeamMemberForm

members = InlineCollection(
    name="members",
    title=_("Team"),
    form_class=TeamMemberForm,
    add_label=_("Add a team member"),
    empty_label=_("No team members yet."),
    queryset=selectors.members_for_plan,
    list_filter=ListFilter(
        search=("name", "role", "organisation", "skills"),
        search_label=_("Search the team"),
    ),
)

budget = InlineCollection(
    name="budget",
    form_class=BudgetLineForm,
    add_label=_("Add a budget line"),
    empty_label=_("No budget lines yet."),
    queryset=selectors.budget_lines_for_plan,
    extra_context=selectors.budget_extra_context,
    list_filter=ListFilter(
        search=("description", "funding_source", "tasks__title"),
        search_label=_("Search budget lines"),
        exact=(
            Exact("category", _("Category"), all_label=_("All categories")),
            Exact(
                "source",
                _("Funding source"),
                lookup="funding_source",
                choices=selectors.funding_source_choices,
                all_label=_("All funding sources"),
            ),
        ),
    ),
)

allocations = InlineCollection(
    name="allocations",
    intro=_(
        "Who gives how much of their time to which work. The allocation view adds it up month "
        "by month and flags anyone above 100 %."
    ),
    form_class=AllocationForm,
    add_label=_("Add an allocation"),
    empty_label=_("No allocations yet."),
    queryset=selectors.allocations_for_plan,
    list_filter=ListFilter(
        search=("member__name", "label", "tasks__title"),
        search_label=_("Search allocations"),
    ),
)

settings = InlineSingleton(
    name="settings",
    form_class=ResourcesSettingsForm,
    title=_("Budget settings"),
    saved_message=_("The budget settings have been saved."),
    save=services.settings_save,
)


def budget_overview(request, access, context):
    """The totals, the ceiling and reserve checks and the two charts beside the lists."""
    summary = selectors.budget_summary(access.plan)
    return {"summary": summary, "charts": budget_charts(summary, access.plan.language)}


page = section_page(
    "resources",
    "resources/page.html",
    collections=[members, budget, allocations],
    singletons=[settings],
    extra=budget_overview,
)


@plan_view(Capability.VIEW)
def allocation(request, access):
    """Who gives how much time to what, month by month, and who is booked above full time."""
    context = access.page_context(nav_active="resources")
    context["grid"] = selectors.allocation_grid(access.plan)
    context["summary"] = selectors.budget_summary(access.plan)
    return render(request, "resources/allocation.html", context)
