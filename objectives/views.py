"""The objectives & scope section's page, its list of goals and its scope: declarations."""

from django.utils.translation import gettext_lazy as _

from plans.sections.collection import InlineCollection
from plans.sections.filters import Flag, ListFilter
from plans.sections.page import section_page
from plans.sections.singleton import InlineSingleton

from . import selectors
from .forms import GoalForm, ScopeForm

goals = InlineCollection(
    name="goals",
    form_class=GoalForm,
    add_label=_("Add a goal"),
    empty_label=_("No goals yet."),
    queryset=selectors.goals_for_plan,
    extra_context=selectors.goal_extra_context,
    list_filter=ListFilter(
        search=("statement", "metric", "specific_outcome"),
        search_label=_("Search goals"),
        exact=(
            Flag(
                "incomplete",
                _("Only goals that miss a SMART criterion"),
                apply=selectors.goals_missing_smart,
            ),
        ),
    ),
)

scope = InlineSingleton(
    name="scope",
    form_class=ScopeForm,
    title=_("Edit scope"),
    saved_message=_("The scope has been saved."),
)

page = section_page("objectives", "objectives/page.html", collections=[goals], singletons=[scope])
