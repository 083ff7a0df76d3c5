"""The actions page's Gantt chart, drawn once per content of the section and cached."""

import contextlib
import hashlib

from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from plans.history import section_token

from . import selectors
from .charts import gantt_svg

GANTT_CACHE_SECONDS = 24 * 3600  # a day: the key changes with the day anyway
GANTT_CACHE_VERSION = 1  # raised when the drawing changes, so that no older chart is served


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
