"""The whole story of a plan, in the browser, as separate tests that share fixtures.

A planner writes a new plan phase by phase; the owner invites people who join from the e-mailed
link; a stakeholder mentions a planner; an approver asks for changes, then approves; a manager
downloads the PDF; the French interface speaks French. The invitations and the PDF go through a
real Celery worker, as in production: the worker sends the e-mails and renders the document.
"""

import io
import re
from email import message_from_string, policy
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    add_item,
    assert_rendered_by_the_worker,
    check_accessibility,
    field_label,
)

pytestmark = pytest.mark.e2e

# One item at least for every phase of the method, typed into the htmx inline forms; the
# evidence and the contingency plan are nested under the need and the risk written just before,
# and the communication addresses the stakeholder written in its own section.
PHASES = [
    ("objectives", [("Add a goal", {"Goal": "Halve night-time noise complaints"})]),
    (
        "assessments",
        [
            ("Add a need", {"Need": "Residents cannot sleep on weekend nights"}),
            (
                "Add a piece of evidence",
                {
                    "Need": "Residents cannot sleep on weekend nights",
                    "What it shows": "412 complaints logged by the town hall in 2025",
                    "Reference": "Town hall complaints register, 2025",
                },
            ),
        ],
    ),
    (
        "stakeholders",
        [("Add a stakeholder", {"Name": "Old town residents' association"})],
    ),
    ("strategy", [("Add a barrier", {"Barrier": "Bar owners fear losing customers"})]),
    (
        "resources",
        [
            (
                "Add a budget line",
                {"Description": "Noise sensors on the main square", "Planned amount": "12000"},
            )
        ],
    ),
    (
        "risks",
        [
            (
                "Add a risk",
                {
                    "Risk": "Bars ignore the closing hours",
                    "Likelihood (1-5)": "3",
                    "Impact (1-5)": "4",
                },
            ),
            (
                "Add a contingency plan",
                {
                    "Risk": "Bars ignore the closing hours",
                    "Trigger": "More than five late closings in a month",
                    "Alternative actions": "Police patrols on Friday and Saturday nights",
                },
            ),
        ],
    ),
    ("monitoring", [("Add a KPI", {"Indicator": "Noise complaints per month"})]),
    ("actions", [("Add a task", {"Task": "Install the noise sensors"})]),
    (
        "communication",
        [
            (
                "Add a communication",
                {
                    "Stakeholder": "Old town residents' association",
                    "Key messages": "Quieter nights start on 1 March",
                    "Channel": "Meeting",
                    "First date": "2026-03-01",
                    "Owner": "Town hall press office",
                },
            )
        ],
    ),
    (
        "compliance",
        [
            (
                "Add a requirement",
                {"Requirement": "Noise sensors record no speech", "Category": "Data protection"},
            )
        ],
    ),
]


SELECTS = {
    "Add a piece of evidence": "Need",
    "Add a contingency plan": "Risk",
    "Add a communication": "Stakeholder",
}


def shown(add_label, fields):
    """The text the new row shows: the first value typed, after the parent chosen in a select."""
    return next(v for k, v in fields.items() if k != SELECTS.get(add_label))


def test_a_planner_writes_every_phase_of_a_new_plan_in_the_inline_forms(
    page, live_server, demo_plan, sign_in, artifacts_dir
):
    from plans.models import Plan
    from plans.sections import registry

    sign_in(page, "planner@demo.planner.test")
    page.get_by_role("link", name="New plan").first.click()
    page.get_by_label("Title").fill("Quieter nights in the old town")
    page.get_by_role("button", name="Create plan").click()
    page.wait_for_url("**/plans/*/")
    plan = Plan.objects.get(title="Quieter nights in the old town")

    assert {key for key, _ in PHASES} == {s.key for s in registry.all()}
    for key, items in PHASES:
        page.goto(live_server.url + registry.get(key).url(plan))
        for add_label, fields in items:
            add_item(page, add_label, fields, shows=shown(add_label, fields))
        page.screenshot(path=artifacts_dir / f"story-{key}.png", full_page=True)

    # Every item is stored in the new plan, with the planner in its history.
    for section in registry.all():
        assert any(m.objects.filter(plan=plan).exists() for m in section.models), section.key
    from assessments.models import Evidence
    from risks.models import ContingencyPlan

    evidence = Evidence.objects.get(plan=plan)
    assert evidence.need.statement == "Residents cannot sleep on weekend nights"
    contingency = ContingencyPlan.objects.get(plan=plan)
    assert contingency.risk.title == "Bars ignore the closing hours"
    assert contingency.history.first().history_user.email == "planner@demo.planner.test"

    page.goto(f"{live_server.url}/plans/{plan.uuid}/")
    page.screenshot(path=artifacts_dir / "story-overview.png", full_page=True)
    check_accessibility(page, "overview of the new plan")


def worker_mail(worker, to):
    """The e-mail the worker sent to ``to`` (waiting for it), parsed."""

    def find():
        for raw in worker.sent_mail():
            # The file back end writes each message, then a line of dashes.
            message = message_from_string(raw.split("\n" + "-" * 79)[0], policy=policy.default)
            if to in message["To"]:
                return message
        return None

    worker.wait_for(lambda: find() is not None, timeout=60, what=f"the e-mail to {to}")
    return find()


def invitation_path(worker, to):
    body = worker_mail(worker, to).get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/invitations/\S+/", body).group(0)
    return urlparse(link).path


@pytest.mark.worker
def test_the_owner_invites_people_who_join_by_the_link_in_their_e_mail(
    page, browser, live_server, demo_plan, celery_worker, sign_in, artifacts_dir
):
    from django.contrib.auth import get_user_model

    from plans.models import Membership, Role

    get_user_model().objects.filter(email="owner@demo.planner.test").update(language="en")
    sign_in(page, "owner@demo.planner.test")
    page.goto(f"{live_server.url}/plans/{demo_plan.uuid}/members/")
    invite = page.get_by_role("region", name="Invite someone")
    for email, role in [
        ("ines.garcia@example.org", "Stakeholder"),
        ("marc.dubois@example.org", "Approver"),
    ]:
        invite.get_by_label("E-mail").fill(email)
        invite.get_by_label("Role").select_option(label=role)
        invite.get_by_role("button", name="Send invitation").click()
        expect(page.get_by_text(f"{email} · {role}")).to_be_visible()
    page.screenshot(path=artifacts_dir / "story-invitations.png", full_page=True)

    for email, name, role in [
        ("ines.garcia@example.org", "Inès Garcia", Role.STAKEHOLDER),
        ("marc.dubois@example.org", "Marc Dubois", Role.APPROVER),
    ]:
        guest = browser.new_context().new_page()
        guest.goto(live_server.url + invitation_path(celery_worker, email))
        expect(guest.get_by_role("heading", name=f"Join “{demo_plan.title}”")).to_be_visible()
        check_accessibility(guest, "invitation")
        guest.get_by_label("Your name").fill(name)
        guest.get_by_label(field_label("Password")).fill("a long and private phrase 42")
        guest.get_by_label("Password again").fill("a long and private phrase 42")
        guest.get_by_role("button", name="Create my account and join").click()
        guest.wait_for_url(f"**/plans/{demo_plan.uuid}/")
        expect(guest.get_by_text("Your account is ready. Welcome to the plan.")).to_be_visible()
        expect(guest.get_by_role("heading", name=demo_plan.title)).to_be_visible()
        membership = Membership.objects.get(plan=demo_plan, user__email=email)
        assert (membership.role, membership.user.name) == (role, name)
        guest.context.close()
    # The worker sent them, one task each.
    log = celery_worker.log()
    assert (
        len(re.findall(r"Task plans\.tasks\.send_invitation_email\[[\w-]+\] succeeded", log)) == 2
    )


def test_a_stakeholder_mentions_a_planner_who_finds_it_in_the_inbox(
    live_server, demo_plan, signed_in, artifacts_dir
):
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(email="stakeholder@demo.planner.test").update(language="en")
    stakeholder = signed_in("stakeholder@demo.planner.test")
    stakeholder.goto(f"{live_server.url}/plans/{demo_plan.uuid}/risks/")
    # The discussions fold under the review panel: open them, as a person would.
    stakeholder.get_by_role("heading", name="Discussions on this section").click()
    form = stakeholder.locator("form.thread-form")
    body = form.get_by_label("Comment")
    body.press_sequentially("Is the budget for the crossing guards confirmed? @sam")
    suggestion = form.get_by_role("button", name=re.compile("Samir Haddad"))
    expect(suggestion).to_be_visible()
    suggestion.click()
    # The name goes in the text, not the address; the comment keeps who it is.
    expect(body).to_have_value("Is the budget for the crossing guards confirmed? @Samir Haddad ")
    form.get_by_role("button", name="Post").click()
    thread = stakeholder.locator("#thread-list")
    expect(thread.get_by_text("Is the budget for the crossing guards confirmed?")).to_be_visible()
    check_accessibility(stakeholder, "section with a new discussion")

    planner = signed_in("planner@demo.planner.test")
    planner.get_by_role("link", name=re.compile("Notifications")).click()
    entry = planner.locator("li", has_text="Is the budget for the crossing guards confirmed?")
    mention = entry.get_by_role(
        "link", name=re.compile("mentioned you in “Risks & contingency” of")
    )
    expect(mention).to_be_visible()
    planner.screenshot(path=artifacts_dir / "story-inbox.png", full_page=True)
    check_accessibility(planner, "inbox")
    mention.click()
    expect(planner.get_by_text("Is the budget for the crossing guards confirmed?")).to_be_visible()


def test_the_approver_asks_for_changes_then_approves_once_the_planner_edited(
    live_server, demo_plan, signed_in, artifacts_dir
):
    from approvals.models import Approval

    section_url = f"{live_server.url}/plans/{demo_plan.uuid}/objectives/"
    planner = signed_in("planner@demo.planner.test")
    planner.goto(section_url)
    planner.get_by_role("link", name="Request a review").click()
    # The plan's only approver is ticked already.
    expect(planner.get_by_label("Thomas Leroy")).to_be_checked()
    planner.get_by_role("button", name="Send the request").click()
    expect(planner.get_by_text("The approvers have been asked for a review.")).to_be_visible()

    approver = signed_in("approver@demo.planner.test")
    approver.goto(section_url)
    approver.get_by_role("link", name="Review and decide").click()
    approver.get_by_role("radio", name="Changes requested").check()
    approver.get_by_role("button", name="Record my decision").click()
    expect(approver.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    assert not Approval.objects.filter(plan=demo_plan, section_key="objectives").exists()
    check_accessibility(approver, "decision with an error")

    approver.get_by_label("Comment with your decision").fill("Give the first goal a date.")
    approver.get_by_role("button", name="Record my decision").click()
    expect(approver.get_by_text("You asked for changes.")).to_be_visible()

    planner.goto(section_url)
    expect(planner.get_by_text("Changes requested").first).to_be_visible()
    row = planner.locator(".inline-row").first
    row.get_by_role("link", name="Edit").click()
    form = planner.locator("form.inline-form")
    form.get_by_label("Target date").fill("2027-06-30")
    form.get_by_role("button", name="Save").click()
    expect(planner.locator("form.inline-form")).to_have_count(0)

    approver.goto(section_url)
    approver.get_by_role("link", name="Review and decide").click()
    approver.get_by_role("radio", name="Approved").check()
    approver.get_by_role("button", name="Record my decision").click()
    expect(approver.get_by_text("You approved the section.")).to_be_visible()
    approver.screenshot(path=artifacts_dir / "story-approvals.png", full_page=True)
    decisions = list(
        Approval.objects.filter(plan=demo_plan, section_key="objectives")
        .order_by("decided_at")
        .values_list("decision", "comment")
    )
    assert decisions == [
        ("changes_requested", "Give the first goal a date."),
        ("approved", ""),
    ]


@pytest.mark.worker
def test_the_owner_renames_the_plan_exports_the_pdf_and_downloads_it(
    page, live_server, demo_plan, pdf_worker, sign_in, artifacts_dir
):
    from django.contrib.auth import get_user_model
    from pypdf import PdfReader

    from documents.models import PlanDocument

    plan = demo_plan
    get_user_model().objects.filter(email="owner@demo.planner.test").update(language="en")
    sign_in(page, "owner@demo.planner.test")
    page.goto(f"{live_server.url}/plans/{plan.uuid}/edit/")
    page.get_by_label(field_label("Title")).fill("Safe school streets in Riverside")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", name="Safe school streets in Riverside")).to_be_visible()

    page.get_by_role("link", name="Documents").click()
    page.get_by_role("button", name="Export", exact=True).click()
    # The plan changed since version 1: the export publishes version 2, the worker renders it
    # while the page polls (htmx).
    expect(page.get_by_text("The document is ready.")).to_be_visible(timeout=150_000)
    document = PlanDocument.objects.get(plan=plan, version__number=2)
    assert_rendered_by_the_worker(pdf_worker, document)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = download_info.value
    assert pdf.suggested_filename == "safe-school-streets-in-riverside-v2.pdf"
    data = open(pdf.path(), "rb").read()  # noqa: SIM115
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == document.page_count > 1
    assert "Safe school streets in Riverside" in " ".join(reader.pages[0].extract_text().split())


def test_the_french_interface_labels_the_overview_and_a_section_in_french(
    page, live_server, demo_plan, sign_in, artifacts_dir
):
    # Claire, the owner, reads French.
    sign_in(page, "owner@demo.planner.test")
    page.goto(f"{live_server.url}/plans/{demo_plan.uuid}/")
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.get_by_role("link", name="Membres", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Objectifs et périmètre").first).to_be_visible()
    page.screenshot(path=artifacts_dir / "story-overview-fr.png", full_page=True)

    page.goto(f"{live_server.url}/plans/{demo_plan.uuid}/risks/")
    expect(page.get_by_role("link", name="+ Ajouter un risque")).to_be_visible()
    expect(page.get_by_role("heading", name="Discussions sur cette section")).to_be_visible()
    page.screenshot(path=artifacts_dir / "story-risks-fr.png", full_page=True)
    check_accessibility(page, "section in French")
