"""The export page, the progress page polled by htmx, and the permission-checked download."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents import services
from documents.models import DocumentStatus, PlanDocument
from documents.tasks import render_document
from plans.models import Role
from tests.documents.conftest import fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(plan, people):
    fill(plan, people[Role.OWNER])
    return plan


def url(name, plan, document=None):
    kwargs = {"plan": plan.uuid}
    if document is not None:
        kwargs["pk"] = document.pk
    return reverse(f"documents:{name}", kwargs=kwargs)


def test_exporting_from_the_page_produces_the_document_and_offers_the_download(
    filled, client_for, people, django_capture_on_commit_callbacks
):
    client = client_for(people[Role.PLANNER])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("export", filled), {"archival": ""})
    document = PlanDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", filled, document)
    page = client.get(response["Location"]).content.decode()
    assert "The document is ready." in page
    assert url("download", filled, document) in page
    assert "hx-trigger" not in page  # finished: no more polling


def test_the_progress_block_polls_until_the_document_is_finished(filled, client_for, people):
    document, _ = services.document_request(plan=filled, user=people[Role.OWNER])
    response = client_for(people[Role.VIEWER]).get(url("status", filled, document))
    html = response.content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert url("status", filled, document) in html


def test_the_page_says_plainly_when_the_task_queue_cannot_be_reached(
    filled, client_for, people, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    def down(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(render_document, "apply_async", down)
    client = client_for(people[Role.OWNER])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("export", filled), {})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        html = client.get(response["Location"]).content.decode()
    assert "cannot be reached right now" in html
    assert "Your request is kept" in html
    document = PlanDocument.objects.get()
    assert document.status == DocumentStatus.QUEUED and document.enqueued_at is None

    monkeypatch.undo()  # the broker is back: the next visit sends it
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url("detail", filled, document))
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (Role.OWNER, 200),
        (Role.APPROVER, 200),
        (Role.STAKEHOLDER, 200),
        (Role.VIEWER, 200),
        ("outsider", 404),
    ],
)
def test_every_member_who_can_view_the_plan_can_download_its_document(
    filled, client_for, people, who, status, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document, _ = services.document_request(plan=filled, user=people[Role.OWNER])
    response = client_for(people[who]).get(url("download", filled, document))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert "attachment;" in response["Content-Disposition"]
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_anonymous_people_are_sent_to_sign_in_for_a_download(filled, client_for, people):
    document, _ = services.document_request(plan=filled, user=people[Role.OWNER])
    response = client_for(None).get(url("download", filled, document))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", [Role.STAKEHOLDER, Role.VIEWER])
def test_members_without_the_export_capability_cannot_export(filled, client_for, people, role):
    response = client_for(people[role]).post(url("export", filled), {})
    assert response.status_code == 403
    assert not PlanDocument.objects.exists()
    page = client_for(people[role]).get(url("list", filled)).content.decode()
    assert "Export a document" not in page


def test_a_document_of_another_plan_is_not_found_through_it(filled, client_for, people):
    from tests.plans.factories import MembershipFactory

    other = MembershipFactory(role=Role.OWNER)
    document, _ = services.document_request(plan=filled, user=people[Role.OWNER])
    client = client_for(other.user)
    for name in ("detail", "status", "download"):
        assert client.get(url(name, other.plan, document)).status_code == 404


def test_a_download_before_the_document_is_ready_leads_to_its_progress_page(
    filled, client_for, people
):
    document, _ = services.document_request(plan=filled, user=people[Role.OWNER])
    response = client_for(people[Role.OWNER]).get(url("download", filled, document))
    assert response.status_code == 302
    assert response["Location"] == url("detail", filled, document)


def test_a_bad_version_choice_is_refused_next_to_the_field(filled, client_for, people):
    response = client_for(people[Role.OWNER]).post(url("export", filled), {"version": "999999"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not PlanDocument.objects.exists()


def test_a_failed_document_shows_its_reason_and_can_be_tried_again(
    filled, client_for, people, django_capture_on_commit_callbacks
):
    document, _ = services.document_request(plan=filled, user=people[Role.OWNER])
    PlanDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.FAILED, error="ValueError: the template is broken"
    )
    client = client_for(people[Role.PLANNER])
    page = client.get(url("detail", filled, document)).content.decode()
    assert "ValueError: the template is broken" in page
    assert url("retry", filled, document) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("retry", filled, document))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY


def test_a_document_whose_worker_stopped_says_so_and_offers_to_try_again(
    filled, client_for, people, settings, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    document, _ = services.document_request(plan=filled, user=people[Role.OWNER])
    long_ago = timezone.now() - timedelta(seconds=settings.DOCUMENT_RENDER_TIME_LIMIT + 60)
    PlanDocument.objects.claim(document.pk, now=long_ago)

    html = client_for(people[Role.VIEWER]).get(url("status", filled, document)).content.decode()
    assert "Stopped responding" in html and "has most likely stopped" in html
    assert url("retry", filled, document) not in html  # a viewer cannot export
    assert 'hx-trigger="every 15s"' in html  # it may still come back by itself

    client = client_for(people[Role.PLANNER])
    listing = client.get(url("list", filled)).content.decode()
    assert "Stopped responding" in listing
    html = client.get(url("detail", filled, document)).content.decode()
    assert url("retry", filled, document) in html
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url("retry", filled, document)).status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY and document.attempts == 1


def test_a_document_rendering_within_its_lease_is_shown_as_under_way(filled, client_for, people):
    document, _ = services.document_request(plan=filled, user=people[Role.OWNER])
    PlanDocument.objects.claim(document.pk)
    html = client_for(people[Role.OWNER]).get(url("status", filled, document)).content.decode()
    assert "The document is being produced." in html
    assert "Stopped responding" not in html and url("retry", filled, document) not in html


def test_an_export_too_large_to_print_is_refused_on_the_form(filled, client_for, people, settings):
    settings.DOCUMENT_MAX_ITEMS = 1
    response = client_for(people[Role.OWNER]).post(url("export", filled), {"archival": ""})
    assert response.status_code == 400
    assert "too large to be printed" in response.content.decode()
    assert not PlanDocument.objects.exists()


def test_the_list_costs_the_same_queries_for_one_document_or_many(filled, client_for, people):
    from plans.versions import version_publish
    from tests.objectives.factories import GoalFactory

    client = client_for(people[Role.OWNER])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url("list", filled))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    services.document_request(plan=filled, user=people[Role.OWNER])
    one = count()
    for i in range(5):
        GoalFactory(plan=filled, statement=f"Goal {i}")
        version = version_publish(plan=filled, user=people[Role.PLANNER])
        services.document_request(plan=filled, user=people[Role.PLANNER], version=version)
    assert count() == one
