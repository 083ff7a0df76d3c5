"""The action plan's page, its tasks and its milestones: declarations.

The RACI matrix and the calendar feed are pages of their own (``raci_views``,
``calendar_views``): a grid edited row by row and a feed, not lists.
"""

from django.utils.translation import gettext_lazy as _

from plans.history import section_last_change
from plans.sections.collection import InlineCollection
from plans.sections.filters import Exact, Flag, ListFilter
from plans.sections.page import section_page

from . import selectors, services
from .forms import MilestoneForm, TaskForm
from .gantt import plan_gantt

tasks = InlineCollection(
    name="tasks",
    form_class=TaskForm,
    add_label=_("Add a task"),
    empty_label=_("No tasks yet."),
    queryset=selectors.tasks_for_plan,
    extra_context=selectors.task_extra_context,
    list_filter=ListFilter(
        search=(
            "title",
            "description",
            "responsible__name",
            "responsible_stakeholder__name",
            "responsible_other",
        ),
        search_label=_("Search tasks"),
        exact=(
            Exact("status", _("Status"), all_label=_("All statuses")),
            Exact(
                "responsible",
                _("Responsible"),
                choices=selectors.team_choices,
                all_label=_("Anyone responsible"),
            ),
            Flag("late", _("Only late tasks"), apply=selectors.late_tasks),
        ),
    ),
    create=services.task_create,
    update=services.task_update,
)

milestones = InlineCollection(
    name="milestones",
    form_class=MilestoneForm,
    add_label=_("Add a milestone"),
    empty_label=_("No milestones yet."),
    queryset=selectors.milestones_for_plan,
    orderable=False,
)


def gantt_context(request, access, context):
    plan = access.plan
    return {"gantt": plan_gantt(plan, section_last_change(request, plan, "actions"))}


page = section_page(
    "actions",
    "actions/page.html",
    collections=[tasks, milestones],
    extra=gantt_context,
)
