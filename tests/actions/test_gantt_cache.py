"""The Gantt chart of the actions page is drawn once per content of the section: a page drawn
again serves the chart kept, and any change to a task or a milestone (an edit, an addition, a
deletion) draws it anew. A cache that is down costs a drawing, never the page."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Role
from tests.actions.factories import TaskFactory
from tests.actions.test_tasks import edit_url, task_data

pytestmark = pytest.mark.django_db

BROKEN_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def gantt(client, plan):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("actions:page", kwargs={"plan": plan.uuid}))
    assert response.status_code == 200
    page = response.content.decode()
    chart = page.split("gantt-wrapper", 1)[1].split("</svg>", 1)[0]
    # The chart's read: every task's dates and progress as values (``gantt_data``).
    read_tasks = any(
        q["sql"].startswith('SELECT "actions_task"."id" AS "id", "actions_task"."title" AS')
        for q in ctx.captured_queries
    )
    return chart, read_tasks


def test_the_chart_is_drawn_once_and_again_after_every_change(client_for, people, plan):
    cache.clear()
    task = TaskFactory(plan=plan, title="Paint the crossings")
    c = client_for(people[Role.PLANNER])
    chart, drawn = gantt(c, plan)
    assert "Paint the crossings" in chart and drawn
    again, drawn = gantt(c, plan)
    assert again == chart and not drawn  # kept: no task read for the chart

    response = c.post(edit_url(plan, task), task_data(title="Repaint the crossings", version=1))
    assert response.status_code in (200, 302)
    chart, drawn = gantt(c, plan)
    assert "Repaint the crossings" in chart and drawn

    TaskFactory(plan=plan, title="Install speed bumps")
    chart, _ = gantt(c, plan)
    assert "Install speed bumps" in chart

    task.refresh_from_db()
    c.post(
        reverse("actions:tasks_delete", kwargs={"plan": plan.uuid, "pk": task.pk}),
        {"version": task.version},
    )
    chart, _ = gantt(c, plan)
    assert "Repaint the crossings" not in chart and "Install speed bumps" in chart


def test_a_cache_that_is_down_costs_a_drawing_not_the_page(client_for, people, plan, settings):
    TaskFactory(plan=plan, title="Paint the crossings")
    settings.CACHES = BROKEN_CACHE
    chart, drawn = gantt(client_for(people[Role.VIEWER]), plan)
    assert "Paint the crossings" in chart and drawn
