"""Celery beat's schedule names tasks that exist, and docker compose runs beat."""

from pathlib import Path

from django.conf import settings

from planner.celery import app


def test_beat_schedules_the_digests_and_the_redispatch_of_documents_and_transfer_jobs():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks == {
        "notifications.tasks.send_digests",
        "notifications.tasks.send_reminders",
        "documents.tasks.redispatch_documents",
        "transfer.tasks.redispatch_jobs",
    }


def test_every_scheduled_task_is_registered_with_the_celery_app():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks


def test_docker_compose_runs_one_beat_service():
    compose = (Path(settings.BASE_DIR) / "docker-compose.yml").read_text()
    assert "\n  beat:\n" in compose
    assert '"celery", "-A", "planner", "beat"' in compose


def test_the_reminders_go_out_before_the_digests_that_may_carry_them():
    schedule = settings.CELERY_BEAT_SCHEDULE
    reminders = schedule["notifications-daily-reminders"]["schedule"]
    digests = schedule["notifications-daily-digests"]["schedule"]
    assert min(reminders.hour) < min(digests.hour)
