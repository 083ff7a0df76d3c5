import json

import pytest

from tests.conftest import require_service


@pytest.mark.django_db
def test_it_reports_healthy_services(client, redis_available, settings):
    require_service(redis_available, "Redis")
    settings.CELERY_BROKER_URL = redis_available
    from planner.celery import app

    app.conf.broker_url = redis_available
    response = client.get("/healthz")
    body = json.loads(response.content)
    assert response.status_code == 200, body
    assert body == {"database": "ok", "broker": "ok", "status": "ok"}


@pytest.mark.django_db
def test_it_answers_503_when_the_broker_is_unreachable(client, settings):
    from planner.celery import app

    dead = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_URL = dead
    previous = app.conf.broker_url
    app.conf.broker_url = dead
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = previous
    assert response.status_code == 503
    assert json.loads(response.content)["broker"].startswith("error")


@pytest.mark.django_db
def test_it_answers_503_when_the_database_is_unreachable(client, settings, monkeypatch):
    from django.db import OperationalError

    from planner import health

    def database_down():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health, "_check_database", database_down)
    settings.CELERY_BROKER_URL = ""  # the broker answers: only the database is down
    response = client.get("/healthz")
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["database"] == "error: OperationalError"
    assert body["broker"] == "in-process"
    assert body["status"] == "unavailable"
