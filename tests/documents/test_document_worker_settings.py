"""The worker's safety settings: the visibility timeout guard, recycled children, the task's
delivery options. Settings are read at import, so the env-driven cases run in a subprocess."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from documents.models import PlanDocument
from documents.tasks import render_document

BASE_DIR = settings.BASE_DIR


def python(code, **env):
    """Run ``code`` in a fresh interpreter at the project root, with ``env`` on top of ours."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "planner.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


READ_TIMEOUTS = (
    "import json, planner.settings as s; print(json.dumps("
    "[s.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'], s.DOCUMENT_RENDER_TIME_LIMIT]))"
)


@pytest.mark.parametrize(("visibility", "limit"), [("600", "600"), ("300", "600")])
def test_a_visibility_timeout_not_longer_than_the_render_limit_refuses_to_start(visibility, limit):
    """Redis would hand a message still being rendered to a second worker: refuse the setup."""
    result = python(
        READ_TIMEOUTS, CELERY_VISIBILITY_TIMEOUT=visibility, DOCUMENT_RENDER_TIME_LIMIT=limit
    )
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert "CELERY_VISIBILITY_TIMEOUT must be longer than DOCUMENT_RENDER_TIME_LIMIT" in (
        result.stderr
    )


def test_a_visibility_timeout_longer_than_the_render_limit_is_accepted():
    result = python(
        READ_TIMEOUTS, CELERY_VISIBILITY_TIMEOUT="601", DOCUMENT_RENDER_TIME_LIMIT="600"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    # The variables reached the settings: the refusals above are not about something else.
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [601, 600]


def test_the_configured_visibility_timeout_outlasts_the_task_time_limit():
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility > render_document.time_limit


def test_the_celery_app_recycles_its_worker_children():
    from planner.celery import app

    assert app.conf.worker_max_tasks_per_child == settings.CELERY_WORKER_MAX_TASKS_PER_CHILD
    assert app.conf.worker_max_memory_per_child == settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD
    assert isinstance(app.conf.worker_max_tasks_per_child, int)
    assert app.conf.worker_max_tasks_per_child > 0
    assert isinstance(app.conf.worker_max_memory_per_child, int)
    assert app.conf.worker_max_memory_per_child > 0
    # One message at a time per child: a long render does not hold others back unacknowledged.
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True


def test_a_prefork_worker_built_from_the_app_hands_the_limits_to_its_pool():
    """The env variables reach the pool a real ``celery -A planner worker`` would start
    (the worker is built, not started: nothing forks and no broker is contacted)."""
    code = """
import json, django
django.setup()
from planner.celery import app
worker = app.WorkController(pool_cls="prefork", concurrency=1, without_mingle=True,
                            without_gossip=True, without_heartbeat=True)
options = worker.pool.options
print(json.dumps([app.conf.worker_max_tasks_per_child, app.conf.worker_max_memory_per_child,
                  options["maxtasksperchild"], options["max_memory_per_child"]]))
"""
    result = python(
        code, CELERY_WORKER_MAX_TASKS_PER_CHILD="7", CELERY_WORKER_MAX_MEMORY_KB="123456"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [7, 123456, 7, 123456]


def test_the_render_task_is_acknowledged_late_and_bounded_in_time():
    task = render_document._get_current_object()
    assert task.acks_late is True
    assert task.reject_on_worker_lost is True
    assert task.max_retries == PlanDocument.MAX_ATTEMPTS
    assert task.time_limit == settings.DOCUMENT_RENDER_TIME_LIMIT
    # The soft limit comes first, with time left to record the failure before the hard kill.
    assert 0 < task.soft_time_limit < task.time_limit
    assert task.time_limit - task.soft_time_limit >= 1
