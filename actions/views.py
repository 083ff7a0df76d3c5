"""The action plan's page, its tasks and its milestones: declarations.

The RACI matrix and the calendar feed are pages of their own (``raci_views``,
``calendar_views``): a grid edited row by row and a feed, not lists.
"""

import contextlib
import hashlib

from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from plans.history import section_last_change, section_token
from plans.sections.collection import InlineCollection
from plans.sections.filters import Exact, Flag, ListFilter
from plans.sections.page import section_page

from . import selectors, services
from .charts import gantt_svg
from .forms import MilestoneForm, TaskForm

GANTT_CACHE_SECONDS = 24 * 3600  # a day: the key changes with the day anyway
GANTT_CACHE_VERSION = 1  # raised when the drawing changes, so that no older chart is served

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


def plan_gantt(plan, last_change=None):
    """The plan's Gantt SVG, drawn once per content of the section and cached: under the time of
    the section's latest change (``last_change``: every save and delete of a task, milestone or
    RACI row writes a history row), the plan's dates, the day (lateness, the line for today)
    and the language (month names, statuses). Drawing it reads every task: 30 ms on the large
    plan, twice that on a plan twice as large, for one chart that changes with an edit only.
    Without a cache (it is down) the chart is drawn."""
    parts = (
        GANTT_CACHE_VERSION,
        plan.uuid,
        section_token(last_change),
        plan.start_date,
        plan.end_date,
        timezone.localdate(),
        get_language(),
    )
    key = "actions:gantt:" + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()
    svg = _cache_get(key)
    if svg is None:
        task_data, milestone_data = selectors.gantt_data(plan)
        svg = str(
            gantt_svg(
                task_data,
                milestone_data,
                start=plan.start_date,
                end=plan.end_date,
                today=timezone.localdate(),
            )
        )
        _cache_set(key, svg)
    return mark_safe(svg)  # noqa: S308 - drawn by gantt_svg, which escapes every text


def _cache_get(key):
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 - a cache that is down costs a drawing, never the page
        return None


def _cache_set(key, value):
    with contextlib.suppress(Exception):  # as above
        cache.set(key, value, GANTT_CACHE_SECONDS)


def gantt_context(request, access, context):
    plan = access.plan
    return {"gantt": plan_gantt(plan, section_last_change(request, plan, "actions"))}


page = section_page(
    "actions",
    "actions/page.html",
    collections=[tasks, milestones],
    extra=gantt_context,
)
