"""Requesting, claiming, rendering, retrying and re-dispatching documents."""

import re
from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core.exceptions import ValidationError
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from documents import services
from documents.models import DocumentStatus, PlanDocument
from documents.tasks import render_document
from plans.signals import plan_event
from plans.versions import version_publish
from tests.objectives.factories import GoalFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_retries():
    """In-process tasks follow their retries (as a worker would) instead of raising them."""
    from planner.celery import app

    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = previous


def request(plan, **kwargs):
    return services.document_request(plan=plan, user=plan.owner, **kwargs)


def test_exporting_the_plan_publishes_a_version_and_queues_its_document(filled_plan):
    document, created = request(filled_plan)
    assert created
    assert document.status == DocumentStatus.QUEUED
    assert document.version.number == 1
    assert document.requested_by == filled_plan.owner


def test_an_unchanged_plan_is_not_rendered_twice(filled_plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = request(filled_plan)
    first.refresh_from_db()
    assert first.status == DocumentStatus.READY
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again, created = request(filled_plan)
    assert (again, created, callbacks) == (first, False, [])
    assert PlanDocument.objects.count() == 1
    GoalFactory(plan=filled_plan, statement="Something new")
    changed, created = request(filled_plan)
    assert created and changed.version.number == 2


def test_the_archival_variant_is_a_document_of_its_own(filled_plan):
    plain, _ = request(filled_plan)
    archival, created = request(filled_plan, archival=True)
    assert created and archival != plain and archival.version == plain.version


def test_a_version_of_another_plan_is_refused(filled_plan):
    other = version_publish(plan=PlanFactory(), user=None)
    with pytest.raises(ValidationError):
        request(filled_plan, version=other)


def test_a_redelivered_message_renders_the_document_once(filled_plan, monkeypatch):
    document, _ = request(filled_plan)
    renders = []
    real = services.render_version
    monkeypatch.setattr(
        services, "render_version", lambda *a, **k: renders.append(1) or real(*a, **k)
    )
    assert services.document_render(document_id=document.pk).state == "ready"
    assert services.document_render(document_id=document.pk).state == "skipped"
    assert render_document.apply(args=[document.pk]).get() == "skipped"
    assert len(renders) == 1
    document.refresh_from_db()
    assert document.attempts == 1 and document.status == DocumentStatus.READY


def test_only_one_of_two_claims_wins(filled_plan):
    document, _ = request(filled_plan)
    assert PlanDocument.objects.claim(document.pk) is not None
    assert PlanDocument.objects.claim(document.pk) is None


def test_a_document_left_rendering_by_a_dead_worker_is_taken_again_after_its_lease(
    filled_plan, settings
):
    document, _ = request(filled_plan)
    started = PlanDocument.objects.claim(document.pk)
    assert services.document_render(document_id=document.pk).state == "busy"
    later = started + timedelta(seconds=settings.DOCUMENT_RENDER_TIME_LIMIT + 1)
    assert PlanDocument.objects.claim(document.pk, now=later) == later


def test_a_document_whose_workers_all_died_is_failed_not_sent_again_forever(
    filled_plan, settings, django_capture_on_commit_callbacks
):
    """Each worker that took it died (out of memory, say): after its last attempt the row is
    failed with a reason the person can act on, by the periodic redispatch and by the task."""
    from plans.models import GAVE_UP

    document, _ = request(filled_plan)
    lease = timedelta(seconds=settings.DOCUMENT_RENDER_TIME_LIMIT)
    now = timezone.now()
    for _attempt in range(PlanDocument.MAX_ATTEMPTS + 1):  # the first run and every retry
        now += lease + PlanDocument.REDISPATCH_AFTER + timedelta(seconds=1)
        assert list(PlanDocument.objects.to_redispatch(now=now)) == [document]
        assert PlanDocument.objects.claim(document.pk, now=now) == now  # ...and it dies
    now += lease + PlanDocument.REDISPATCH_AFTER + timedelta(seconds=1)
    assert PlanDocument.objects.claim(document.pk, now=now) is None
    assert list(PlanDocument.objects.to_redispatch(now=now)) == []
    with django_capture_on_commit_callbacks(execute=True):
        assert services.background.redispatch(PlanDocument, lambda pk: True, now=now) == (0, 0)
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED and document.error == str(GAVE_UP)
    assert document.attempts == PlanDocument.MAX_ATTEMPTS + 1


def test_the_task_fails_a_document_out_of_attempts_instead_of_waiting_for_it(filled_plan):
    document, _ = request(filled_plan)
    long_ago = timezone.now() - timedelta(days=1)
    PlanDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.RENDERING,
        started_at=long_ago,
        attempts=PlanDocument.MAX_ATTEMPTS + 1,
    )
    assert services.document_render(document.pk).state == "failed"
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED and document.finished_at is not None


def test_a_transient_error_is_retried_and_the_document_is_then_produced(
    filled_plan, monkeypatch, eager_retries
):
    document, _ = request(filled_plan)
    failures = [OSError("storage unreachable")]
    real_save = services.default_storage.save

    def flaky_save(name, content):
        if failures:
            raise failures.pop()
        return real_save(name, content)

    monkeypatch.setattr(services.default_storage, "save", flaky_save)
    render_document.apply(args=[document.pk])
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    assert document.attempts == 2


def test_a_transient_error_that_persists_ends_in_a_clear_failure(
    filled_plan, monkeypatch, eager_retries, quick_render
):
    document, _ = request(filled_plan)

    def broken(name, content):
        raise OSError("storage unreachable")

    monkeypatch.setattr(services.default_storage, "save", broken)
    render_document.apply(args=[document.pk])
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert "storage unreachable" in document.error
    assert document.attempts == PlanDocument.MAX_ATTEMPTS + 1


@pytest.fixture
def retries_seen(monkeypatch):
    """What the task asks Celery for on each retry: the Retry it raises says when (``when``)
    and carries the message a worker would publish (its ``countdown`` option)."""
    task_class = type(render_document._get_current_object())
    real_retry = task_class.retry
    seen = []

    def recording_retry(self, *args, **kwargs):
        try:
            return real_retry(self, *args, **kwargs)
        except Retry as retry:
            seen.append(
                {
                    "retries": self.request.retries,
                    "when": retry.when,
                    "countdown": retry.sig.options.get("countdown"),
                }
            )
            raise

    monkeypatch.setattr(task_class, "retry", recording_retry)
    return seen


@pytest.fixture
def quick_render(monkeypatch):
    """A stand-in PDF: these tests are about what happens around WeasyPrint."""
    from documents.rendering import RenderedPdf

    monkeypatch.setattr(
        services, "render_version", lambda version, **kwargs: RenderedPdf(b"%PDF-1.7 stand-in", 1)
    )


def test_transient_errors_are_retried_with_exponential_backoff_then_fail_with_the_reason(
    filled_plan, monkeypatch, eager_retries, retries_seen, quick_render
):
    document, _ = request(filled_plan)
    saves = []

    def broken(name, content):
        saves.append(name)
        raise OSError("storage unreachable")

    monkeypatch.setattr(services.default_storage, "save", broken)
    result = render_document.apply(args=[document.pk])

    assert [r["retries"] for r in retries_seen] == [0, 1, 2, 3, 4]
    assert [r["when"] for r in retries_seen] == [2, 4, 8, 16, 32]
    assert [r["countdown"] for r in retries_seen] == [2, 4, 8, 16, 32]
    # The attempt after the last retry records the failure instead of raising for another.
    assert len(saves) == PlanDocument.MAX_ATTEMPTS + 1
    assert result.get() == "failed"
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert document.error == "OSError: storage unreachable"
    assert document.attempts == PlanDocument.MAX_ATTEMPTS + 1
    assert document.finished_at is not None


def test_a_transient_error_between_retries_leaves_the_document_queued_with_the_reason(
    filled_plan, monkeypatch, quick_render
):
    """What a visitor sees while the worker waits for the next attempt."""
    document, _ = request(filled_plan)

    def broken(name, content):
        raise OSError("storage unreachable")

    monkeypatch.setattr(services.default_storage, "save", broken)
    outcome = services.document_render(document_id=document.pk, retries_left=3)
    assert outcome.state == "retry" and isinstance(outcome.error, OSError)
    document.refresh_from_db()
    assert document.status == DocumentStatus.QUEUED
    assert document.error == "OSError: storage unreachable"
    assert document.attempts == 1


def test_a_permanent_error_fails_at_once_with_its_reason_and_can_be_tried_again(
    filled_plan, monkeypatch
):
    document, _ = request(filled_plan)

    def broken(*args, **kwargs):
        raise ValueError("the template is broken")

    monkeypatch.setattr(services, "render_version", broken)
    render_document.apply(args=[document.pk])
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert document.error == "ValueError: the template is broken"
    assert document.attempts == 1

    monkeypatch.undo()
    again = services.document_retry(document=document, user=filled_plan.owner)
    assert again.pk == document.pk and again.status == DocumentStatus.QUEUED
    assert services.document_render(document_id=document.pk).state == "ready"


def test_only_a_failed_or_stopped_document_can_be_tried_again(filled_plan):
    document, _ = request(filled_plan)
    with pytest.raises(ValidationError):
        services.document_retry(document=document, user=filled_plan.owner)  # queued
    PlanDocument.objects.claim(document.pk)  # rendering, within its lease
    document.refresh_from_db()
    assert not document.is_stale and not document.can_retry
    with pytest.raises(ValidationError):
        services.document_retry(document=document, user=filled_plan.owner)
    document.refresh_from_db()
    assert document.status == DocumentStatus.RENDERING and document.attempts == 1


def test_a_document_still_rendering_after_its_lease_is_stale_and_can_be_tried_again(
    filled_plan, settings, monkeypatch
):
    """Its worker stopped: the person sees it and can queue it again with every attempt; a
    worker that was only slow and finishes afterwards cannot store its result over it."""
    document, _ = request(filled_plan)
    long_ago = timezone.now() - timedelta(seconds=settings.DOCUMENT_RENDER_TIME_LIMIT + 5)
    assert PlanDocument.objects.claim(document.pk, now=long_ago) == long_ago
    PlanDocument.objects.filter(pk=document.pk).update(attempts=3)
    document.refresh_from_db()
    assert document.is_stale and document.can_retry
    assert list(PlanDocument.objects.stale()) == [document]

    again = services.document_retry(document=document, user=filled_plan.owner)
    assert again.pk == document.pk
    assert (again.status, again.attempts, again.started_at) == (DocumentStatus.QUEUED, 0, None)
    assert not again.is_stale
    # The slow worker's claim no longer holds: nothing it does is stored.
    assert PlanDocument.objects.still_mine(document.pk, long_ago).count() == 0
    assert PlanDocument.objects.fail(document.pk, long_ago, "late") == 0
    assert services.document_render(document_id=document.pk).state == "ready"


def test_a_version_too_large_to_print_is_refused_before_anything_is_published(
    filled_plan, settings
):
    from documents.rendering import snapshot_items
    from plans.models import PlanVersion

    version = version_publish(plan=filled_plan, user=filled_plan.owner)
    items = snapshot_items(version.snapshot)
    assert items > 5  # the filled plan has goals, risks, tasks...
    settings.DOCUMENT_MAX_ITEMS = items
    document, _ = request(filled_plan, version=version)  # at the limit: accepted
    PlanDocument.objects.all().delete()

    settings.DOCUMENT_MAX_ITEMS = items - 1
    GoalFactory(plan=filled_plan)  # the plan changed: exporting it would publish
    versions = PlanVersion.objects.count()
    with pytest.raises(ValidationError) as refused:
        request(filled_plan)
    message = " ".join(refused.value.messages)
    assert "too large to be printed" in message and "DOCUMENT_MAX_ITEMS" in message
    assert f"may hold {items - 1}." in message
    assert int(re.search(r"holds (\d+) items", message).group(1)) > items
    assert PlanVersion.objects.count() == versions  # the new version was rolled back
    assert not PlanDocument.objects.exists()


def test_the_size_counts_every_row_of_every_list_and_reads_in_the_users_language(settings):
    from types import SimpleNamespace

    from django.utils import formats, translation

    from documents.rendering import snapshot_items, too_large_reason

    snapshot = {
        "plan": {"title": "not counted", "tags": ["not", "counted"]},
        "sections": {
            "actions": {"tasks": [{"title": "t", "parts": [1, 2]}] * 700, "range": {"a": 1}},
            "risks": {"risks": [{"title": "r"}] * 100},
        },
    }
    assert snapshot_items(snapshot) == 700 * 3 + 100
    settings.DOCUMENT_MAX_ITEMS = 1_000
    assert too_large_reason(SimpleNamespace(snapshot={"sections": {"r": [1] * 1_000}})) is None
    with translation.override("fr"):
        reason = too_large_reason(SimpleNamespace(snapshot=snapshot))
        items, limit = (formats.number_format(n, force_grouping=True) for n in (2_200, 1_000))
    assert items != "2200" and limit != "1000"  # French groups thousands
    assert f"contient {items} éléments" in reason and f"peut en contenir {limit}." in reason


def test_the_task_refuses_a_document_larger_than_the_limit_without_rendering_it(
    filled_plan, settings, monkeypatch
):
    document, _ = request(filled_plan)
    settings.DOCUMENT_MAX_ITEMS = 1

    def must_not_render(*args, **kwargs):
        raise AssertionError("rendered")

    monkeypatch.setattr(services, "render_version", must_not_render)
    assert services.document_render(document_id=document.pk).state == "failed"
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert "too large to be printed" in document.error


def test_the_requester_hears_when_the_document_is_ready(
    filled_plan, django_capture_on_commit_callbacks
):
    events = []

    def listener(sender, **kwargs):
        events.append(kwargs)

    plan_event.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            document, _ = request(filled_plan)
    finally:
        plan_event.disconnect(listener)
    (event,) = events
    assert event["kind"] == "export_ready"
    assert event["recipients"] == [filled_plan.owner]
    assert event["context"]["document_id"] == document.pk
    assert event["context"]["url"].endswith(f"/documents/{document.pk}/")


def test_a_broker_that_cannot_be_reached_leaves_the_document_queued_with_the_reason(
    filled_plan, monkeypatch
):
    document, _ = request(filled_plan)

    def down(*args, **kwargs):
        raise KombuOperationalError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    monkeypatch.setattr(render_document, "apply_async", down)
    assert services.document_dispatch(document_id=document.pk) is False
    document.refresh_from_db()
    assert document.status == DocumentStatus.QUEUED
    assert document.waiting_for_broker
    assert "Connection refused" in document.dispatch_error
    assert list(PlanDocument.objects.to_redispatch()) == [document]

    monkeypatch.undo()
    assert services.documents_redispatch() == (1, 0)
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY  # eager in tests: rendered when sent
    assert document.dispatch_error == ""


def test_a_queued_document_whose_message_was_lost_is_sent_again(filled_plan):
    document, _ = request(filled_plan)
    PlanDocument.objects.filter(pk=document.pk).update(enqueued_at=timezone.now())
    assert list(PlanDocument.objects.to_redispatch()) == []
    PlanDocument.objects.filter(pk=document.pk).update(
        enqueued_at=timezone.now() - PlanDocument.REDISPATCH_AFTER - timedelta(seconds=1)
    )
    assert list(PlanDocument.objects.to_redispatch()) == [document]


def test_the_dispatch_command_sends_waiting_documents(filled_plan):
    from django.core.management import call_command

    document, _ = request(filled_plan)
    call_command("dispatch_documents")
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
