"""/healthz: is the database reachable, and the broker when one is configured?"""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_broker():
    if not settings.CELERY_BROKER_URL:
        return "in-process"
    from planner.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


@never_cache
def healthz(request):
    report, healthy = {}, True
    try:
        _check_database()
        report["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means unhealthy
        report["database"] = f"error: {type(error).__name__}"
        healthy = False
    try:
        report["broker"] = _check_broker()
    except Exception as error:  # noqa: BLE001
        report["broker"] = f"error: {type(error).__name__}"
        healthy = False
    report["status"] = "ok" if healthy else "unavailable"
    return JsonResponse(report, status=200 if healthy else 503)
