import re
import time

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from plans.demo import DEMO_PASSWORD
from plans.models import Plan

# Assertions wait up to 15 s for the page to get there (5 s by default): a CI machine under load
# answers slower, and a wait that ends as soon as the page is right costs nothing when it is fast.
expect.set_options(timeout=15_000)


def seed_demo():
    """The small demo plan, its first document left queued instead of rendered.

    Rendering that PDF takes most of the seeding time, and no journey looks at it: the
    documents journeys export documents of their own (a visit of its page would send it again).
    """
    from unittest import mock

    with mock.patch("documents.services.document_dispatch", return_value=False):
        call_command("seed_demo", "--quiet")
    return Plan.objects.get(title__startswith="Safer routes")


@pytest.fixture
def demo_plan(transactional_db):
    return seed_demo()


@pytest.fixture
def pdf_worker(request, settings, tmp_path, monkeypatch):
    """The real Celery worker (``celery_worker``) that renders the documents the browser exports.

    MEDIA_ROOT points at the test's folder *before* the worker starts, since the worker takes it
    from its environment: the worker stores the PDF where the live server reads it from. Inside
    the test process (and its live server) rendering is made to fail: a document that comes out
    ready can only have been rendered by the worker.
    """
    settings.MEDIA_ROOT = tmp_path / "media"

    def not_here(*args, **kwargs):
        raise AssertionError("a document was rendered in the test process, not by the worker")

    monkeypatch.setattr("documents.services.render_version", not_here)
    return request.getfixturevalue("celery_worker")


def assert_rendered_by_the_worker(worker, document):
    """The worker process rendered ``document``: its log tells so, its task succeeded."""
    log = worker.log()
    assert f"Document {document.pk} rendered: {document.page_count} pages" in log, log[-3000:]
    assert re.search(
        r"Task documents\.tasks\.render_document\[[\w-]+\] succeeded in .*: 'ready'", log
    ), log[-3000:]


@pytest.fixture
def sign_in(live_server):
    def do(page, email, password=DEMO_PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("E-mail or username").fill(email)
        page.get_by_label("Password").fill(password)
        # A loaded machine can take long to sign in and draw the plans: wait for the navigation
        # itself, with room, rather than racing it.
        with page.expect_navigation(timeout=60_000):
            page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/", timeout=60_000)

    return do


def check_accessibility(page, name):
    """axe-core on the current page: no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, f"{name}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes'][:3]]}"
        for v in bad
    )


@pytest.fixture
def signed_in(browser, live_server):
    """``signed_in(email)``: a page of a fresh browser context, signed in as that person.

    The contexts are closed when the test ends, before its database is emptied: a page left open
    keeps polling (presence, live refresh), and a request still running while the next test's
    tables are truncated deadlocks with it. Ask for this fixture after ``demo_plan``.
    """
    contexts = []

    def do(email, password=DEMO_PASSWORD):
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("E-mail or username").fill(email)
        page.get_by_label("Password").fill(password)
        # A loaded machine can take long to sign in and draw the plans: wait for the navigation
        # itself, with room, rather than racing it.
        with page.expect_navigation(timeout=60_000):
            page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/", timeout=60_000)
        return page

    yield do
    for context in contexts:
        context.close()
    wait_until_no_request_holds_the_database()


def wait_until_no_request_holds_the_database(timeout=15):
    """Once a test's pages are closed, wait until no request they sent is still running in the
    live server (a presence poll, a live refresh): emptying the tables while one holds a lock
    deadlocks. Quiet twice in a row, 50 ms apart, since a request sent just before its page
    closed may still be on its way."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    quiet, deadline = 0, time.monotonic() + timeout
    while quiet < 2 and time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND state <> 'idle'"
            )
            busy = cursor.fetchone()[0]
        quiet = quiet + 1 if busy == 0 else 0
        time.sleep(0.05)


@pytest.fixture
def new_context(browser):
    """``new_context(**options)``: a browser context closed when the test ends, passed or
    failed, before its tables are emptied (as ``signed_in``'s). Ask for it after
    ``demo_plan``."""
    made = []

    def make(**options):
        context = browser.new_context(**options)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()
    wait_until_no_request_holds_the_database()


def field_label(label):
    """A form label as crispy renders it: the text, then an asterisk when the field is required."""
    return re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$")


def add_item(page, add_label, fields, *, shows):
    """Open a collection's inline add form, fill it (selects take the option's label) and save.

    Waits until the new row showing ``shows`` is in the list and the form is gone.
    """
    link = page.get_by_role("link", name=f"+ {add_label}", exact=True)
    collection = page.locator(".inline-collection").filter(has=link)
    link.click()
    form = collection.locator("form.inline-form")
    expect(form).to_be_visible()
    for label, value in fields.items():
        field = form.get_by_label(field_label(label))
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    form.get_by_role("button", name="Save").click()
    expect(collection.locator(".inline-row", has_text=shows)).to_be_visible()
    expect(collection.locator("form.inline-form")).to_have_count(0)
