"""Stored XSS: hostile text in every text field of every section model and of the plan.

Every page of the plan must show it as text. The models come from the section registry, so new
sections are covered by themselves.
"""

import io
import re
from html.parser import HTMLParser

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


# --- Collaboration, versions, documents and the person's own pages ------------------------------


class LiveMarkup(HTMLParser):
    """Parses a page as a browser would and records anything that could run or break out:
    event-handler attributes, inline scripts, ``javascript:`` URLs, attribute names that are
    not names (markup spilling out of an attribute value)."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if not re.fullmatch(r"[a-z][a-z0-9_:.-]*", name):
                self.problems.append(f"<{tag}> has a broken attribute {name!r}")
            if name in self.URL_ATTRIBUTES and re.sub(
                r"[\s\x00-\x1f]", "", value or ""
            ).lower().startswith(("javascript:", "vbscript:", "data:text/html")):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._script = not values.get("src")
            if self._script:
                self.problems.append("inline <script>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = False


def live_markup(html):
    parser = LiveMarkup()
    parser.feed(html)
    parser.close()
    return parser.problems


def assert_inert(html, where):
    for marker in RAW_MARKERS:
        assert marker not in html, f"{where} renders {marker!r} unescaped"
    assert live_markup(html) == [], where


def test_the_markup_check_sees_live_payloads():
    """The checker itself: each of these must be caught, or the tests below prove nothing."""
    for html in (
        "<p><img src=x onerror=alert(1)></p>",
        '<svg onload="alert(2)"></svg>',
        "<script>alert(1)</script>",
        '<a href=" JaVaScRiPt:alert(1)">x</a>',
        '<a href="https://e.org/<span class="mention" title="a@b.org">x</span>">y</a>',
    ):
        assert live_markup(html), html
    assert live_markup('<script src="/static/app.js"></script><p title="x onerror=y">ok</p>') == []


# Markdown that tries every way out of the comment sanitiser.
def hostile_markdown(member_email):
    return (
        f"{PAYLOAD}\n\n"
        '[click me](javascript:alert(3)) and <a href="javascript:alert(4)">raw link</a>\n\n'
        '![pic](x" onerror="alert(5)) <iframe src="javascript:alert(6)"></iframe>\n\n'
        f"[a link with a mention](https://example.org/@{member_email}) "
        f'[titled](https://example.org "@{member_email}")\n\n'
        "```\n<script>alert(7)</script>\n```\n"
    )


@pytest.fixture
def hostile_collaboration(db):
    """The demo plan, with the payload in every text a member can write: the plan and its
    sections, people's names, discussions, review requests and decisions, versions, documents
    and notifications."""
    from django.contrib.auth import get_user_model

    from approvals import services as approval_services
    from approvals.models import Decision
    from discussions import services as discussion_services
    from documents.models import DocumentStatus, PlanDocument
    from notifications.models import Kind, Notification
    from plans.versions import version_publish
    from tests.actions.factories import TaskFactory
    from tests.resources.factories import TeamMemberFactory

    call_command("seed_demo", "--quiet")
    plan = Plan.objects.get(title__startswith="Safer routes")
    members = {m.role: m.user for m in Membership.objects.filter(plan=plan).select_related("user")}
    owner, planner = members[Role.OWNER], members[Role.PLANNER]
    approver, stakeholder = members[Role.APPROVER], members[Role.STAKEHOLDER]
    get_user_model().objects.filter(memberships__plan=plan).update(display_name=PAYLOAD)
    for user in members.values():
        user.refresh_from_db()
    TaskFactory(plan=plan, responsible=TeamMemberFactory(plan=plan, user=owner))
    poison(plan)

    first = version_publish(plan=plan, user=owner, label=PAYLOAD[:100], note=PAYLOAD)
    body = hostile_markdown(owner.email)
    thread = discussion_services.thread_create(
        plan=plan, section_key="objectives", body=body, user=stakeholder
    )
    reply = discussion_services.comment_reply(thread=thread, body=body, user=planner)
    discussion_services.comment_edit(comment=reply, body=body + "\n\nedited", user=planner)
    approval_services.review_request(
        plan=plan, section_keys=["objectives"], user=planner, note=PAYLOAD
    )
    approval_services.section_decide(
        plan=plan,
        section_key="objectives",
        decision=Decision.CHANGES_REQUESTED,
        user=approver,
        comment=body,
    )
    approval_services.review_request(
        plan=plan, section_keys=["strategy"], user=planner, note=PAYLOAD
    )
    # Changes after the decision, recorded in the history with the hostile values.
    changed = []
    for section in registry.all():
        for model in section.models:
            item = model.objects.filter(plan=plan).order_by("pk").first()
            if item is not None and hasattr(model, "history"):
                item._history_user = owner
                item.save()
                changed.append(item)
    Plan.objects.filter(pk=plan.pk).update(title=PAYLOAD + " (2)")
    plan.refresh_from_db()
    second = version_publish(plan=plan, user=owner, label=PAYLOAD[:100], note=PAYLOAD)
    document = PlanDocument.objects.create(
        plan=plan, version=second, requested_by=owner, status=DocumentStatus.FAILED, error=PAYLOAD
    )
    Notification.objects.create(
        recipient=owner,
        plan=plan,
        kind=Kind.MENTION,
        actor=stakeholder,
        text=PAYLOAD,
        excerpt=PAYLOAD,
        url="javascript:alert(8)",
    )
    return {
        "plan": plan,
        "members": members,
        "thread": thread,
        "reply": reply,
        "versions": (first, second),
        "document": document,
        "changed": changed,
    }


def collaboration_pages(data):
    from history.views import item_history_url

    plan, (first, second) = data["plan"], data["versions"]
    kw = {"plan": plan.uuid}
    owner_pages = [
        reverse("discussions:threads", kwargs=kw),
        reverse("discussions:threads", kwargs=kw) + "?status=all",
        reverse("discussions:thread", kwargs={**kw, "pk": data["thread"].pk}),
        reverse("discussions:comment_history", kwargs={**kw, "pk": data["reply"].pk}),
        reverse("approvals:approvals", kwargs=kw),
        reverse("approvals:section_changes", kwargs=kw) + "?section=objectives",
        reverse("history:versions", kwargs=kw),
        reverse("history:compare", kwargs=kw) + f"?a={first.number}&b={second.number}",
        reverse("history:compare", kwargs=kw) + f"?a={first.number}&b=current",
        reverse("history:activity", kwargs=kw),
        reverse("documents:list", kwargs=kw),
        reverse("documents:detail", kwargs={**kw, "pk": data["document"].pk}),
        reverse("documents:status", kwargs={**kw, "pk": data["document"].pk}),
        reverse("notifications:inbox"),
        reverse("actions:my_tasks"),
        reverse("accounts:profile"),
        reverse("plans:dashboard"),
        reverse("plans:members", kwargs=kw),
    ]
    owner_pages += [item_history_url(item) for item in data["changed"]]
    approver_pages = [
        reverse("approvals:decide", kwargs=kw),
        reverse("approvals:decide", kwargs=kw) + "?section=strategy",
        reverse("approvals:decide", kwargs=kw) + "?section=objectives",
    ]
    author_pages = [reverse("discussions:comment_edit", kwargs={**kw, "pk": data["reply"].pk})]
    return (
        [(Role.OWNER, url) for url in owner_pages]
        + [(Role.APPROVER, url) for url in approver_pages]
        + [(Role.PLANNER, url) for url in author_pages]
    )


def test_collaboration_pages_show_hostile_text_as_text(hostile_collaboration, client_for):
    members = hostile_collaboration["members"]
    clients = {
        role: client_for(members[role]) for role in (Role.OWNER, Role.APPROVER, Role.PLANNER)
    }
    for role, url in collaboration_pages(hostile_collaboration):
        response = clients[role].get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_inert(html, url)
        # The page really shows something hostile, escaped (else it proves nothing).
        assert "&lt;script&gt;alert(" in html, f"{url} shows none of the hostile text"


def test_a_hostile_comment_keeps_only_harmless_markup(hostile_collaboration, client_for):
    reply = hostile_collaboration["reply"]
    reply.refresh_from_db()
    assert_inert(reply.body_html, "comment body_html")
    assert "<iframe" not in reply.body_html
    assert 'href="https://example.org/@' in reply.body_html, "the link survives, unmangled"


def test_opening_a_notification_never_follows_a_foreign_or_script_url(
    hostile_collaboration, client_for
):
    from notifications.models import Kind, Notification

    owner = hostile_collaboration["members"][Role.OWNER]
    c = client_for(owner)
    for url in (
        "javascript:alert(8)",
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
    ):
        n = Notification.objects.create(recipient=owner, kind=Kind.MENTION, text="x", url=url)
        response = c.get(reverse("notifications:notification_open", kwargs={"pk": n.pk}))
        assert response.status_code == 302
        assert response["Location"] == reverse("notifications:inbox"), url


def test_the_pdf_of_a_hostile_plan_shows_the_payload_as_text(hostile_collaboration):
    from pypdf import PdfReader

    from documents.rendering import document_html, render_pdf

    version = hostile_collaboration["versions"][1]
    html = document_html(version)
    assert_inert(html, "document HTML")
    assert "&lt;script&gt;alert(" in html
    # The footer string in <style> cannot end the CSS string or the style element.
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "<" not in style and "alert(" not in style

    pdf = render_pdf(html)
    assert b"/JavaScript" not in pdf.content
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "".join("".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "".join(PAYLOAD.split()) in text, "the payload is printed as text in the PDF"
