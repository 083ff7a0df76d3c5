"""Issue 15's journey: a review asked of two approvers, approved, changed, approved again on the
new version, and the PDF's approvals page naming each version."""

import datetime
import io
import re

import pytest
from playwright.sync_api import expect

from plans.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_rendered_by_the_worker, check_accessibility, field_label

pytestmark = [pytest.mark.e2e, pytest.mark.worker]


@pytest.fixture
def second_approver(demo_plan):
    from django.contrib.auth import get_user_model

    from plans.models import Membership, Role

    email = "approver2@demo.planner.test"
    user = get_user_model().objects.create_user(
        username=email, email=email, display_name="Inès Garcia", password=DEMO_PASSWORD
    )
    Membership.objects.create(plan=demo_plan, user=user, role=Role.APPROVER)
    return user


def test_two_approvers_review_a_section_that_changes_between_their_decisions(
    live_server, demo_plan, second_approver, signed_in, new_context, pdf_worker, artifacts_dir
):
    from django.urls import reverse
    from pypdf import PdfReader

    from approvals.links import link_token
    from approvals.models import Approval
    from discussions.models import ReviewLink
    from documents.models import PlanDocument

    plan_url = f"{live_server.url}/plans/{demo_plan.uuid}"
    section_url = f"{plan_url}/objectives/"
    due = datetime.date.today() + datetime.timedelta(days=10)

    # A planner asks both approvers, with a note and a due date.
    planner = signed_in("planner@demo.planner.test")
    planner.goto(section_url)
    planner.get_by_role("link", name="Request a review").click()
    planner.get_by_label("Thomas Leroy").check()
    planner.get_by_label("Inès Garcia").check()
    planner.get_by_label("Note for the approvers").fill("Please check the targets first.")
    planner.get_by_label(field_label("Decision needed by")).fill(due.isoformat())
    check_accessibility(planner, "review request")
    planner.screenshot(path=artifacts_dir / "review-request.png", full_page=True)
    planner.get_by_role("button", name="Send the request").click()
    expect(planner.get_by_text("The approvers have been asked for a review.")).to_be_visible()
    expect(planner.get_by_text("In review").first).to_be_visible()

    # An outside reader gets a link from the members page and comments without an account.
    planner.goto(f"{plan_url}/members/")
    planner.get_by_role("link", name="Send a review link").click()
    planner.get_by_label(field_label("Their name")).fill("Paul Girard")
    planner.get_by_label(field_label("Their e-mail address")).fill("paul.girard@police.example")
    planner.get_by_label("What they read").select_option(label="Objectives & scope")
    planner.get_by_role("button", name="Send the link").click()
    expect(
        planner.get_by_text("The link has been sent to paul.girard@police.example.")
    ).to_be_visible()
    link = ReviewLink.objects.get(plan=demo_plan, email="paul.girard@police.example")
    outsider = new_context().new_page()
    outsider.goto(
        live_server.url + reverse("approvals:outside", kwargs={"token": link_token(link)})
    )
    expect(outsider.get_by_role("heading", name="Review of “Objectives & scope”")).to_be_visible()
    outsider.get_by_label(field_label("Your comment")).fill("Police records show 15 injuries.")
    outsider.get_by_role("button", name="Send the comment").click()
    expect(outsider.get_by_text("Your comment has been sent. Thank you.")).to_be_visible()
    expect(outsider.get_by_text("Police records show 15 injuries.")).to_be_visible()
    check_accessibility(outsider, "outside reviewer")
    outsider.screenshot(path=artifacts_dir / "review-outside.png", full_page=True)
    planner.goto(f"{plan_url}/members/")
    expect(planner.get_by_text("Paul Girard")).to_be_visible()
    expect(planner.get_by_text("1 comment")).to_be_visible()

    # The first approver finds it on the dashboard, reads the section as it prints, approves.
    thomas = signed_in("approver@demo.planner.test")
    awaiting = thomas.get_by_role("region", name=re.compile("Awaiting my review"))
    awaiting.get_by_role("link", name="Objectives & scope").click()
    expect(thomas.get_by_role("heading", name="First review")).to_be_visible()
    expect(thomas.get_by_text("Please check the targets first.")).to_be_visible()
    preview = thomas.locator(".doc-preview")
    expect(preview.get_by_role("heading", name="Objectives & scope")).to_be_visible()
    check_accessibility(thomas, "review screen, first review")
    thomas.screenshot(path=artifacts_dir / "review-first.png", full_page=True)
    expect(thomas.get_by_text("Paul Girard (outside reviewer)")).to_be_visible()
    thomas.get_by_role("radio", name="Approved").check()
    thomas.get_by_role("button", name="Record my decision").click()
    expect(thomas.get_by_text("You approved the section.")).to_be_visible()
    first = Approval.objects.get(plan=demo_plan, section_key="objectives")

    # The planner changes the section: it is no longer approved as it stands.
    planner.goto(section_url)
    expect(planner.get_by_text(f"Approved on version {first.version.number}").first).to_be_visible()
    row = planner.locator(".inline-row").first
    row.get_by_role("link", name="Edit").click()
    form = planner.locator("form.inline-form")
    form.get_by_label("Goal").fill("Cut injuries near schools by a third by 2028")
    form.get_by_label(field_label("Reason for this change")).fill("The council lowered the target")
    form.get_by_role("button", name="Save").click()
    expect(planner.locator("form.inline-form")).to_have_count(0)
    planner.goto(section_url)
    changed = f"Changed since its approval on version {first.version.number}"
    expect(planner.get_by_text(changed).first).to_be_visible()

    # The second approver sees what changed since the approved version, and approves.
    ines = signed_in("approver2@demo.planner.test")
    ines.goto(section_url)
    ines.get_by_role("link", name="Review and decide").click()
    heading = f"Changes since version {first.version.number}, the last one approved"
    expect(ines.get_by_role("heading", name=heading)).to_be_visible()
    diff = ines.locator("table.diff")
    expect(
        diff.locator("ins", has_text="Cut injuries near schools by a third by 2028")
    ).to_be_visible()
    check_accessibility(ines, "review screen with changes")
    ines.screenshot(path=artifacts_dir / "review-changes.png", full_page=True)
    ines.get_by_role("radio", name="Approved").check()
    ines.get_by_role("button", name="Record my decision").click()
    expect(ines.get_by_text("You approved the section.")).to_be_visible()
    second = Approval.objects.filter(plan=demo_plan, section_key="objectives").latest("decided_at")
    assert second.decided_by == second_approver
    assert second.version.number > first.version.number

    # The PDF's approvals page names both decisions and the version each was made on.
    thomas.goto(f"{plan_url}/documents/")
    thomas.get_by_role("button", name="Export", exact=True).click()
    expect(thomas.get_by_text("The document is ready.")).to_be_visible(timeout=150_000)
    document = PlanDocument.objects.filter(plan=demo_plan).latest("pk")
    assert_rendered_by_the_worker(pdf_worker, document)
    with thomas.expect_download() as download_info:
        thomas.get_by_role("link", name="Download the PDF").click()
    path = download_info.value.path()
    reader = PdfReader(io.BytesIO(open(path, "rb").read()))  # noqa: SIM115
    pages = ["".join((page.extract_text() or "").split()) for page in reader.pages]
    approvals = next(p for p in pages if "Thedecisionsoneachsection" in p)
    # Each decision, with whether the printed section is what it was made on.
    assert "Objectives&scopeApprovedThecontentprintedhereisthecontentdecidedon.InèsGarcia" in (
        approvals
    )
    assert "Objectives&scopeApprovedThecontentprintedherediffersfromwhatwasdecidedon.Thomas" in (
        approvals
    )
    assert version_beside(path, "Inès") == str(second.version.number)
    assert version_beside(path, "Thomas") == str(first.version.number)


def version_beside(path, first_name):
    """The last word on the line of the approvals table where ``first_name`` starts: the
    "On version" column (cells are top-aligned, so a row's first lines share their top)."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            words = page.extract_words()
            if "Thedecisionsoneachsection" not in "".join(w["text"] for w in words):
                continue
            name = next(w for w in words if w["text"] == first_name)
            line = sorted(
                (w for w in words if abs(w["top"] - name["top"]) < 2 and w["x0"] > name["x1"]),
                key=lambda w: w["x0"],
            )
            return line[-1]["text"]
    raise AssertionError("no approvals page")
