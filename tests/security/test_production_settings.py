"""Production settings refuse what would hurt the service: no broker unless asked for."""

import os
import subprocess
import sys

from django.conf import settings

BASE_DIR = settings.BASE_DIR
BROKER = ("REDIS_URL", "CELERY_BROKER_URL", "TASKS_IN_PROCESS", "DEBUG")


def start(**extra):
    env = {k: v for k, v in os.environ.items() if k not in BROKER}
    env.update(SECRET_KEY="x" * 60, DJANGO_SETTINGS_MODULE="planner.settings", **extra)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_broker():
    out = start(DEBUG="0")
    assert out.returncode != 0
    assert "TASKS_IN_PROCESS" in out.stderr and "REDIS_URL" in out.stderr


def test_production_runs_tasks_in_process_only_when_asked():
    out = start(DEBUG="0", TASKS_IN_PROCESS="1")
    assert out.returncode == 0, out.stderr
    assert "started" in out.stdout


def test_production_starts_with_a_broker():
    out = start(DEBUG="0", REDIS_URL="redis://127.0.0.1:6379/0")
    assert out.returncode == 0, out.stderr


def test_the_embedded_set_up_needs_no_broker():
    out = start(DEBUG="1")
    assert out.returncode == 0, out.stderr


def test_env_files_are_neither_committed_nor_baked_into_the_image():
    for name in (".gitignore", ".dockerignore"):
        lines = (BASE_DIR / name).read_text().split()
        assert ".env" in lines, name
