"""Stored XSS: hostile text in every text field of every section model and of the plan.

Every page of the plan must show it as text. The models come from the section registry, so new
sections are covered by themselves.
"""

import pytest
from django.core.management import call_command
from django.db import models
from django.urls import reverse

from plans.models import Membership, Plan, Role
from plans.sections import registry

PAYLOAD = '<script>alert("xss")</script><img src=x onerror=alert(1)>"\'><svg onload=alert(2)>'
RAW_MARKERS = ["<script>alert(", "<img src=x onerror", "<svg onload"]


def text_fields(model):
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and f.name not in ("plan",)
        and f.editable
    ]


def poison(plan):
    """Put the payload into every text field of the plan and of every section item."""
    Plan.objects.filter(pk=plan.pk).update(
        **{
            name: PAYLOAD[: Plan._meta.get_field(name).max_length or 10_000]
            for name in text_fields(Plan)
        }
    )
    for section in registry.all():
        for model in section.models:
            fields = text_fields(model)
            if not fields:
                continue
            values = {
                name: PAYLOAD[: model._meta.get_field(name).max_length or 10_000] for name in fields
            }
            model.objects.filter(plan=plan).update(**values)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def hostile_plan(db):
    call_command("seed_demo", "--quiet")
    return poison(Plan.objects.get(title__startswith="Safer routes"))


def plan_pages(plan):
    pages = [
        reverse("plans:overview", kwargs={"plan": plan.uuid}),
        reverse("plans:history", kwargs={"plan": plan.uuid}),
        reverse("plans:members", kwargs={"plan": plan.uuid}),
        reverse("plans:dashboard"),
    ]
    pages += [section.url(plan) for section in registry.all()]
    return pages


def test_every_page_shows_hostile_text_as_text(hostile_plan, client_for):
    owner = Membership.objects.filter(plan=hostile_plan, role=Role.OWNER).first().user
    c = client_for(owner)
    for url in plan_pages(hostile_plan):
        response = c.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for marker in RAW_MARKERS:
            assert marker not in html, f"{url} renders {marker!r} unescaped"
        assert "&lt;script&gt;" in html or url.endswith("/history/"), url


def test_document_templates_escape_hostile_text(hostile_plan):
    from django.template.loader import render_to_string

    for section in registry.all():
        html = render_to_string(
            section.document_template,
            {"data": section.snapshot(hostile_plan), "section": section, "title": section.title},
        )
        for marker in RAW_MARKERS:
            assert marker not in html, f"{section.key} document renders {marker!r}"
