"""CSRF on every state-changing view, security headers, CSP and cookie settings."""

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from plans.models import Role
from plans.permissions import role_can
from tests.security.test_permission_matrix import PATTERNS, url_for

BASE_DIR = Path(__file__).resolve().parents[2]
POST_PATTERNS = [(n, c) for n, c in PATTERNS if "POST" in c.plan_methods]


@pytest.fixture
def csrf_client_for():
    def make(user):
        c = Client(enforce_csrf_checks=True)
        c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return c

    return make


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "callback"), POST_PATTERNS, ids=[n for n, _ in POST_PATTERNS])
def test_every_state_changing_plan_view_needs_a_csrf_token(name, callback, demo, csrf_client_for):
    from plans.models import Membership

    plan = demo["plan"]
    role = next(r for r in Role.values if role_can(r, callback.plan_capability))
    user = Membership.objects.filter(plan=plan, role=role).first().user
    response = csrf_client_for(user).post(url_for(name, callback, plan))
    assert response.status_code == 403, name
    assert b"CSRF" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/accounts/login/", "/accounts/language/", "/accounts/password/reset/", "/plans/new/"],
)
def test_account_forms_need_a_csrf_token(url, people):
    c = Client(enforce_csrf_checks=True)
    if url == "/plans/new/":
        c.force_login(people[Role.OWNER], backend="django.contrib.auth.backends.ModelBackend")
    assert c.post(url, {}).status_code == 403


@pytest.mark.django_db
def test_pages_carry_the_security_headers_and_a_strict_csp(client_for, people, plan):
    response = client_for(people[Role.VIEWER]).get(
        reverse("plans:overview", kwargs={"plan": plan.uuid})
    )
    csp = response["Content-Security-Policy"]
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert "unsafe-eval" not in csp
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_template_contains_an_inline_script_or_event_handler():
    import re

    offenders = []
    for path in (BASE_DIR / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{path}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{path}: inline event handler")
        if "hx-on" in text:
            offenders.append(f"{path}: hx-on needs eval")
    assert offenders == []


def test_production_settings_make_cookies_secure_and_require_https():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ['SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
        "'SESSION_COOKIE_HTTPONLY', 'DEBUG']}))"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
        )
    }
    env.update(DEBUG="0", SECRET_KEY="x" * 60, DJANGO_SETTINGS_MODULE="planner.settings")
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    values = json.loads(out.stdout.strip().splitlines()[-1])
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SESSION_COOKIE_HTTPONLY": True,
        "DEBUG": False,
    }


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(DEBUG="0", DJANGO_SETTINGS_MODULE="planner.settings")
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode != 0
    assert "SECRET_KEY" in out.stderr


# --- The person's own state-changing views outside a plan -------------------------------------
#
# Each case posts data that *would* change something, once without a CSRF token (403, nothing
# changed) and once with the token a real form carries (the change happens): so a 403 for any
# other reason, or a view that changes nothing anyway, cannot make the test pass.

NEW_PASSWORD = "Unguessable-Passphrase-2931"


@dataclass
class Case:
    user: object  # who posts (None: an anonymous visitor)
    url: str
    data: dict
    changed: Callable[[], bool] | None  # whether the post took effect (None: logout)


def _notifications_mark_read(user):
    from notifications.models import Kind, Notification

    n = Notification.objects.create(recipient=user, kind=Kind.MENTION, text="Unread")
    return Case(
        user,
        reverse("notifications:inbox_read"),
        {"id": str(n.pk)},
        lambda: Notification.objects.filter(pk=n.pk, read_at__isnull=False).exists(),
    )


def _notification_settings(user):
    from notifications.models import Delivery, Kind, NotificationPreference

    return Case(
        user,
        reverse("notifications:preferences"),
        dict.fromkeys(Kind.values, Delivery.OFF),
        lambda: NotificationPreference.objects.filter(user=user, delivery=Delivery.OFF).exists(),
    )


def _profile(user):
    return Case(
        user,
        reverse("accounts:profile"),
        {"display_name": "Changed by a forged form", "language": "en"},
        lambda: type(user).objects.get(pk=user.pk).display_name == "Changed by a forged form",
    )


def _password_change(user):
    from tests.accounts.factories import PASSWORD

    return Case(
        user,
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        lambda: type(user).objects.get(pk=user.pk).check_password(NEW_PASSWORD),
    )


def _invitation_accept(user):
    from plans.models import Membership
    from plans.services import invitation_token
    from tests.plans.factories import InvitationFactory

    invitation = InvitationFactory(email=user.email)
    return Case(
        user,
        reverse("plans:invitation_accept", kwargs={"token": invitation_token(invitation)}),
        {},
        lambda: Membership.objects.filter(plan=invitation.plan, user=user).exists(),
    )


def _invitation_create_account(user):
    from django.contrib.auth import get_user_model

    from plans.services import invitation_token
    from tests.plans.factories import InvitationFactory

    invitation = InvitationFactory(email="newcomer@example.org")
    return Case(
        None,
        reverse("plans:invitation_accept", kwargs={"token": invitation_token(invitation)}),
        {"display_name": "Newcomer", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        lambda: get_user_model().objects.filter(email="newcomer@example.org").exists(),
    )


def _logout(user):
    return Case(user, reverse("accounts:logout"), {}, None)


OWN_VIEWS = {
    "notifications-mark-read": _notifications_mark_read,
    "notification-settings": _notification_settings,
    "profile": _profile,
    "password-change": _password_change,
    "invitation-accept": _invitation_accept,
    "invitation-create-account": _invitation_create_account,
    "logout": _logout,
}


def _csrf_client(user):
    c = Client(enforce_csrf_checks=True)
    if user is not None:
        c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return c


def _signed_in(c):
    return c.get(reverse("accounts:me")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("case_name", list(OWN_VIEWS))
def test_the_persons_own_state_changing_views_need_a_csrf_token(case_name):
    from tests.accounts.factories import UserFactory

    case = OWN_VIEWS[case_name](UserFactory())
    c = _csrf_client(case.user)
    response = c.post(case.url, case.data)
    assert response.status_code == 403, case_name
    assert b"CSRF" in response.content
    if case.changed is not None:
        assert not case.changed(), f"{case_name}: changed without a CSRF token"
    if case.user is not None:
        assert _signed_in(c), f"{case_name}: the session ended without a CSRF token"

    # The same request with the token a real page hands out goes through.
    c.get(reverse("accounts:profile") if case.user is not None else case.url)
    token = c.cookies["csrftoken"].value
    response = c.post(case.url, {**case.data, "csrfmiddlewaretoken": token})
    assert response.status_code in (200, 302), f"{case_name}: {response.status_code}"
    if case.changed is not None:
        assert case.changed(), f"{case_name}: the genuine request changed nothing"
    else:
        assert not _signed_in(c), "a genuine logout signs out"
