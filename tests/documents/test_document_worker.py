"""A real worker on Redis: killed mid-render, and a broker that goes away and comes back."""

import contextlib
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.urls import reverse

from documents import services
from documents.models import DocumentStatus, PlanDocument
from plans.models import Role
from tests.conftest import require_service, start_worker
from tests.documents.conftest import fill, pdf_pages, read_file
from tests.plans.factories import MembershipFactory

pytestmark = pytest.mark.worker

# Short timings so that a dead worker's message comes back within the test: the render sleeps
# (test-only setting) long enough to be killed in the middle of it.
SLOW_RENDER_ENV = {
    "DOCUMENT_TEST_ONLY_RENDER_DELAY": "4",
    "DOCUMENT_RENDER_TIME_LIMIT": "8",
    "TRANSFER_JOB_TIME_LIMIT": "8",  # the visibility timeout must outlast every task's limit
    "CELERY_VISIBILITY_TIMEOUT": "10",
    "CELERY_UNACKED_RESTORE_INTERVAL": "1",
    "CELERY_UNACKED_RESTORE_THROTTLE": "1",
}


@contextlib.contextmanager
def publishing_to(broker_url, queue):
    """Tasks published by this process go to ``broker_url`` / ``queue`` (not run in-process)."""
    from planner.celery import app

    def forget_connections():
        # Celery pools its broker connections and producers: drop those of the previous broker.
        app._pool = None
        app.amqp._producer_pool = None

    previous = (app.conf.task_always_eager, app.conf.task_default_queue, app.conf.broker_url)
    forget_connections()
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    app.conf.broker_url = broker_url
    try:
        yield
    finally:
        forget_connections()
        app.conf.task_always_eager, app.conf.task_default_queue, app.conf.broker_url = previous


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def status_of(document):
    return PlanDocument.objects.values_list("status", flat=True).get(pk=document.pk)


def kill_hard(worker):
    """SIGKILL the worker and its pool children: nothing gets a chance to clean up."""
    pid = worker.process.pid
    children = subprocess.run(
        ["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    worker.process.send_signal(signal.SIGKILL)
    for child in children:
        with contextlib.suppress(ProcessLookupError):
            import os

            os.kill(int(child), signal.SIGKILL)
    worker.process.wait(timeout=10)


@pytest.fixture
def owner_plan(transactional_db):
    owner = MembershipFactory(role=Role.OWNER)
    fill(owner.plan, owner.user)
    owner.plan.owner = owner.user
    return owner.plan


def test_a_worker_killed_mid_render_still_produces_the_document_exactly_once(
    owner_plan, redis_available, tmp_path, media
):
    require_service(redis_available, "Redis")
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    first = start_worker(tmp_path / "a", redis_available, extra_env=SLOW_RENDER_ENV)
    second = None
    try:
        with publishing_to(redis_available, first.queue):
            document, _ = services.document_request(plan=owner_plan, user=owner_plan.owner)
            wait_until(lambda: status_of(document) == DocumentStatus.RENDERING, 30, "the claim")
            time.sleep(1)  # well inside the 4 s render
            kill_hard(first)
            assert status_of(document) == DocumentStatus.RENDERING
            second = start_worker(
                tmp_path / "b", redis_available, extra_env=SLOW_RENDER_ENV, queue=first.queue
            )
            second.wait_for(lambda: status_of(document) == DocumentStatus.READY, 60, "the document")
    finally:
        first.stop()
        if second:
            second.stop()
    document.refresh_from_db()
    assert document.attempts == 2  # the killed render, then the one that finished
    stored = list(Path(media).rglob("*.pdf"))
    assert [p.name for p in stored] == [Path(document.file.name).name]
    assert "Objectives" in "\n".join(pdf_pages(read_file(document)))
    # The message came back once more after it was acknowledged? It would find it ready.
    assert services.document_render(document_id=document.pk).state == "skipped"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(port, tmp_path):
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_until(lambda: _answers(port), 10, "redis-server")
    return process


def _answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def test_an_export_during_a_broker_outage_is_kept_and_produced_when_it_is_back(
    owner_plan, client_for, tmp_path, redis_available
):
    require_service(redis_available, "Redis")  # the same services as the other worker tests
    require_service(
        subprocess.run(["which", "redis-server"], capture_output=True, check=False).returncode == 0,
        "redis-server",
    )
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    (tmp_path / "w").mkdir()
    redis = start_redis(port, tmp_path)
    redis.terminate()
    redis.wait(timeout=10)
    worker = None
    client = client_for(owner_plan.owner)
    try:
        with publishing_to(broker, "outage-test"):
            started = time.monotonic()
            response = client.post(
                reverse("documents:export", kwargs={"plan": owner_plan.uuid}), {}
            )
            assert time.monotonic() - started < 8, "a dead broker must not hang the request"
            assert response.status_code == 302
            page = client.get(response["Location"]).content.decode()
            assert "cannot be reached right now" in page
            document = PlanDocument.objects.get()
            assert document.status == DocumentStatus.QUEUED and document.enqueued_at is None
            assert document.dispatch_error

            redis = start_redis(port, tmp_path)
            worker = start_worker(tmp_path / "w", broker, queue="outage-test")
            assert services.documents_redispatch() == (1, 0)  # what beat runs every minute
            worker.wait_for(lambda: status_of(document) == DocumentStatus.READY, 60, "document")
    finally:
        if worker:
            worker.stop()
        redis.terminate()
        redis.wait(timeout=10)
    page = client.get(response["Location"]).content.decode()
    assert "The document is ready." in page
