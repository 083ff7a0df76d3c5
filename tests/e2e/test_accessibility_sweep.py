"""axe-core on every page of the app, found by walking the URLconf, with a screenshot of each.

Every plan-scoped view (``plan_view``) that answers GET is opened as the owner of the demo plan,
with the objects it needs taken from that plan; a view added later is swept without touching
this file. Fragments (htmx partials) and files are not pages: they are recognised by what the
server answers, and checked inside the pages that include them.
"""

import pytest
from django.test import Client

from tests.e2e.conftest import check_accessibility
from tests.security.test_permission_matrix import PATTERNS, url_for

pytestmark = pytest.mark.e2e

OWNER = "owner@demo.planner.test"
PERSONAL_PAGES = [
    ("dashboard", "/"),
    ("new plan", "/plans/new/"),
    ("profile", "/accounts/profile/"),
    ("password change", "/accounts/password/change/"),
    ("notifications", "/notifications/"),
    ("notification settings", "/notifications/settings/"),
    ("my tasks", "/my-tasks/"),
    ("lessons search", "/lessons/?q=school"),
]


def is_page(response):
    """A whole HTML page (not a fragment, a file or a redirect)."""
    return (
        response.status_code == 200
        and response["Content-Type"].startswith("text/html")
        and b"<html" in response.content[:500]
    )


def plan_pages(plan, owner):
    """(name, path) of every plan-scoped page answering GET; the server tells pages apart."""
    client = Client()
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    pages, skipped = [], []
    for name, callback in PATTERNS:
        if "GET" not in callback.plan_methods:
            continue
        path = url_for(name, callback, plan)
        if is_page(client.get(path)):
            pages.append((name, path))
        else:
            skipped.append(name)
    return pages, skipped


def test_every_page_of_the_app_is_accessible(
    page, live_server, demo_plan, sign_in, artifacts_dir, monkeypatch
):
    from django.contrib.auth import get_user_model

    # The demo document stays queued: its page would otherwise render the PDF on a visit.
    monkeypatch.setattr("documents.services.document_dispatch", lambda **kwargs: False)

    owner = get_user_model().objects.get(email=OWNER)
    owner.language = "en"
    owner.save(update_fields=["language"])
    pages, skipped = plan_pages(demo_plan, owner)
    # The sweep really walks the app: pages of every kind are found, fragments are left out.
    names = {name for name, _ in pages}
    assert {"plans:overview", "risks:page", "reviews:approvals", "documents:list"} <= names
    assert "risks:risks_edit" in names  # the plain-page fallback of an inline form
    assert "risks:risks_row" in skipped  # an htmx fragment

    sign_in(page, OWNER)
    folder = artifacts_dir / "sweep"
    folder.mkdir(exist_ok=True)
    failures = []
    for name, path in PERSONAL_PAGES + pages:
        page.goto(live_server.url + path)
        slug = name.replace(":", "-").replace(" ", "-")
        page.screenshot(path=folder / f"{slug}.png")
        try:
            check_accessibility(page, f"{name} ({path})")
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, f"{len(failures)} of {len(pages) + len(PERSONAL_PAGES)} pages:\n" + (
        "\n".join(failures)
    )
