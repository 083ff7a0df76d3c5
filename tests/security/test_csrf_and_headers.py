"""CSRF on every state-changing view, security headers, CSP and cookie settings."""

import json
import os
import subprocess
import sys
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
def test_every_state_changing_plan_view_needs_a_csrf_token(
    name, callback, plan, people, csrf_client_for
):
    from django.core.management import call_command

    from plans.models import Membership, Plan

    call_command("seed_demo", "--quiet")
    demo = Plan.objects.get(title__startswith="Safer routes")
    role = next(r for r in Role.values if role_can(r, callback.plan_capability))
    user = Membership.objects.filter(plan=demo, role=role).first().user
    response = csrf_client_for(user).post(url_for(name, callback, demo))
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
