"""axe-core on every page of the app, found by walking the URLconf, with a screenshot of each.

Every plan-scoped view (``plan_view``) that answers GET is opened as the owner of the demo plan,
with the objects it needs taken from that plan; a view added later is swept without touching
this file. Fragments (htmx partials) and files are not pages: they are recognised by what the
server answers, and checked inside the pages that include them. The pages a signed-out person
sees (signing in, resetting a password, accepting an invitation) are walked as they reach them.
"""

import re
from urllib.parse import urlparse

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, field_label
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
    ("lessons search", "/lessons/?lessons-q=school"),
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
    assert {"plans:overview", "risks:page", "approvals:approvals", "documents:list"} <= names
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


def test_every_signed_out_page_is_accessible(page, live_server, transactional_db, artifacts_dir):
    """The pages a person sees before signing in, walked as they reach them: signing in (and
    failing to, until locked out), resetting a forgotten password from the e-mailed link, and
    accepting an invitation (with and without an account, and with a broken link)."""
    from django.core import mail

    from plans import services
    from plans.models import Role
    from tests.accounts.factories import UserFactory
    from tests.plans.factories import MembershipFactory

    owner = MembershipFactory(role=Role.OWNER, user__email="owner@example.org")
    plan, member = owner.plan, UserFactory(email="member@example.org")
    newcomer = services.invitation_create(
        plan=plan, email="newcomer@example.org", role=Role.STAKEHOLDER, user=owner.user
    )
    colleague = services.invitation_create(
        plan=plan, email=member.email, role=Role.APPROVER, user=owner.user
    )
    url = live_server.url
    folder = artifacts_dir / "signed-out"
    folder.mkdir(exist_ok=True)
    failures, seen = [], []

    def check(name, heading):
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        page.screenshot(path=folder / f"{name.replace(' ', '-')}.png", full_page=True)
        seen.append(name)
        try:
            check_accessibility(page, f"{name} ({page.url})")
        except AssertionError as error:
            failures.append(str(error))

    def sign_in_with(username, password):
        page.get_by_label("E-mail or username").fill(username)
        page.get_by_label("Password").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()

    page.goto(f"{url}/accounts/login/")
    check("login", "Sign in")
    sign_in_with(member.email, "not the password")
    expect(page.locator(".alert-danger, .invalid-feedback").first).to_be_visible()
    check("login with an error", "Sign in")
    locked = page.get_by_role("heading", name="Too many sign-in attempts")
    for _ in range(6):  # AXES_FAILURE_LIMIT failures, then the lockout page
        sign_in_with("someone@example.org", "not the password")
        if locked.count():
            break
    check("locked out", "Too many sign-in attempts")

    page.goto(f"{url}/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    check("password reset", "Reset your password")
    page.locator("input[name=email]").fill(member.email)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{url}/accounts/password/reset/sent/")
    check("password reset sent", "Check your e-mail")
    reset = re.compile(r"https?://\S+/accounts/password/reset/\S+/\S+/")
    (link,) = [reset.search(m.body).group(0) for m in mail.outbox if reset.search(m.body)]
    page.goto(url + urlparse(link).path)
    check("password reset new password", "Choose a new password")
    page.locator("input[name=new_password1]").fill("another long private phrase 7")
    page.locator("input[name=new_password2]").fill("another long private phrase 7")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{url}/accounts/password/reset/done/")
    check("password reset done", "Password changed")
    member.refresh_from_db()
    assert member.check_password("another long private phrase 7")
    page.goto(url + urlparse(link).path)  # the link has been used
    check("password reset used link", "Choose a new password")
    expect(page.get_by_text("This password reset link is no longer valid.")).to_be_visible()

    page.goto(f"{url}/invitations/{services.invitation_token(newcomer)}/")
    check("invitation", re.compile("^Join "))
    page.get_by_label("Your name").fill("Nina Newcomer")
    page.get_by_label(field_label("Password")).fill("a long and private phrase 42")
    page.get_by_label("Password again").fill("another phrase")
    page.get_by_role("button", name="Create my account and join").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    check("invitation with errors", re.compile("^Join "))
    page.goto(f"{url}/invitations/{services.invitation_token(colleague)}/")
    check("invitation with an account", re.compile("^Join "))
    expect(page.get_by_role("link", name="Sign in", exact=True).last).to_be_visible()
    page.goto(f"{url}/invitations/not-a-token/")
    check("invitation invalid", "This invitation cannot be used")

    assert not failures, f"{len(failures)} of {len(seen)} signed-out pages:\n" + "\n".join(failures)
