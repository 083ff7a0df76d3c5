"""Shared fixtures: personas in every role, real services, a real Celery worker, the browser.

Service-backed tests call ``require_service``: without the service they skip on a developer's
machine, and fail when REQUIRE_SERVICES=1 (CI), so CI can never pass by skipping.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings

from plans.models import Role
from tests.plans.factories import MembershipFactory, PlanFactory

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
# Playwright's sync API runs an event loop in the test thread; the ORM calls made by fixtures
# in the same thread are still synchronous, so Django's async guard does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
BASE_DIR = Path(__file__).resolve().parent.parent
ROLES = [Role.OWNER, Role.PLANNER, Role.APPROVER, Role.STAKEHOLDER, Role.VIEWER]


def require_service(available, what):
    if available:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required (REQUIRE_SERVICES=1) but cannot be reached")
    pytest.skip(f"{what} is not available")


def port_open(host, port, timeout=1.0):
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def pytest_configure(config):
    engine = settings.DATABASES["default"]["ENGINE"]
    if REQUIRE_SERVICES and engine != "django.db.backends.postgresql":
        raise pytest.UsageError("REQUIRE_SERVICES=1 needs DATABASE_URL pointing at PostgreSQL")
    # Tasks run eagerly in ordinary tests; the `celery_worker` fixture switches to the broker.
    from planner.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True  # a task failing in a test fails the test
    settings.AXES_ENABLED = True
    # Tests do not run collectstatic: serve static files from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _default_language():
    """A page served in a person's language leaves it active in the thread: reset it."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def plan(db):
    return PlanFactory()


@pytest.fixture
def people(plan):
    """One member per role, plus an outsider who belongs to another plan."""
    members = {role: MembershipFactory(plan=plan, role=role).user for role in ROLES}
    members["outsider"] = MembershipFactory(role=Role.OWNER).user
    return members


@pytest.fixture
def client_for(client):
    """``client_for(user)``: a test client signed in as that user (None: anonymous)."""
    from django.test import Client

    def make(user):
        c = Client()
        if user is not None:
            c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return c

    return make


@pytest.fixture
def owner_client(client_for, people):
    return client_for(people[Role.OWNER])


@pytest.fixture
def planner_client(client_for, people):
    return client_for(people[Role.PLANNER])


# --- Redis and the Celery worker -------------------------------------------------------


def redis_url():
    url = os.environ.get("REDIS_URL") or settings.CELERY_BROKER_URL
    return url or ""


@pytest.fixture(scope="session")
def redis_available():
    url = redis_url()
    parsed = urlparse(url) if url else None
    ok = bool(parsed) and port_open(parsed.hostname or "127.0.0.1", parsed.port or 6379)
    return url if ok else None


def _database_url():
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return None
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class Worker:
    def __init__(self, process, log_path, mail_dir, queue):
        self.process = process
        self.log_path = log_path
        self.mail_dir = mail_dir
        self.queue = queue

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def sent_mail(self):
        """The e-mails the worker sent, as raw message texts."""
        if not self.mail_dir.exists():
            return []
        return [p.read_text(errors="replace") for p in sorted(self.mail_dir.glob("*.log"))]

    def wait_for(self, predicate, timeout=30, what="the worker"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            if self.process.poll() is not None:
                raise AssertionError(f"worker exited early:\n{self.log()[-3000:]}")
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}:\n{self.log()[-3000:]}")

    def stop(self, sig=None):
        if self.process.poll() is None:
            if sig is None:
                self.process.terminate()
            else:
                self.process.send_signal(sig)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_worker(tmp_path, broker_url, *, extra_env=None, concurrency=1, queue=None):
    """Start a worker; ``queue`` lets a second worker take over the queue of a dead one."""
    database_url = _database_url()
    require_service(database_url, "PostgreSQL (the worker shares the test database)")
    queue = queue or f"test-{uuid.uuid4().hex[:10]}"
    mail_dir = tmp_path / "mail"
    log_path = tmp_path / f"worker-{queue}.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "REDIS_URL": broker_url,
        "CELERY_QUEUE": queue,
        "EMAIL_URL": "filemail://",
        "EMAIL_FILE_PATH": str(mail_dir),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DEBUG": "0",
        **(extra_env or {}),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "planner",
            "worker",
            "-Q",
            queue,
            "--concurrency",
            str(concurrency),
            "--without-gossip",
            "--without-mingle",
            "-l",
            "info",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
    )
    worker = Worker(process, log_path, mail_dir, queue)
    worker.wait_for(lambda: "ready." in worker.log(), timeout=60, what="the worker to start")
    return worker


@pytest.fixture
def celery_worker(transactional_db, redis_available, tmp_path, settings):
    """A real Celery worker process on Redis, sharing the test database.

    Tasks published by the test go to a queue of this test's own, so parallel runs never steal
    each other's tasks. Mail sent by the worker is written to ``worker.mail_dir``.
    """
    require_service(redis_available, "Redis")
    from planner.celery import app

    worker = start_worker(tmp_path, redis_available)
    previous = (app.conf.task_always_eager, app.conf.task_default_queue, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = worker.queue
    app.conf.broker_url = redis_available
    try:
        yield worker
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue, app.conf.broker_url = previous
        worker.stop()


# --- The browser -----------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require_service(Path(CHROMIUM).exists(), "Debian's chromium (/usr/bin/chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def artifacts_dir():
    path = BASE_DIR / "test-artifacts" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


# --- Query counts on the demo plans ----------------------------------------------------


@pytest.fixture(scope="module")
def demo_plans(django_db_setup, django_db_blocker):
    """The small and the large demo plans, seeded once per test module and rolled back after:
    ``{"small": plan, "large": plan, "owner": user}``."""
    from django.core.management import call_command
    from django.db import transaction

    from plans.models import Membership, Plan

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--quiet")
        call_command("seed_demo", "--quiet", "--size", "large")
        small = Plan.objects.get(title__startswith="Safer routes")
        large = Plan.objects.get(title__startswith="Regional public-health")
        owner = Membership.objects.get(plan=small, role=Role.OWNER).user
        yield {"small": small, "large": large, "owner": owner}
        transaction.set_rollback(True)


def count_queries(client, url):
    """How many queries a GET of ``url`` costs (it must answer 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)
