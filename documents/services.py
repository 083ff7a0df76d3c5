"""Writes on plan documents: request an export, dispatch it to the worker, claim and render it.

The life of a document: ``document_request`` creates it (queued) and dispatches its task when
the transaction commits. ``document_dispatch`` hands the task to the broker; when the broker
cannot be reached the document stays queued with the reason, and ``documents_redispatch``
(periodic, and on the next visit of its page) sends it again. ``document_render`` (the task)
claims the row atomically, renders, stores the file and marks it ready or failed.
"""

import hashlib
import logging
import time
from functools import partial

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from plans import background
from plans.background import Outcome
from plans.signals import plan_event
from plans.versions import version_publish

from .models import DocumentFormat, DocumentStatus, PlanDocument
from .rendering import render_version, too_large_reason

logger = logging.getLogger(__name__)


@transaction.atomic
def document_request(
    *, plan, user, version=None, archival=False, format=DocumentFormat.PDF, label=""
):
    """The document of ``version`` (default: the plan as it stands, published first if it
    changed, with ``label``), as a PDF or a Word file. An existing live document of the same
    version, format and variant is returned as it is: an unchanged snapshot is never rendered
    twice."""
    if version is None:
        version = version_publish(plan=plan, user=user, label=label, allow_unchanged=True)
    elif version.plan_id != plan.pk:
        raise ValidationError(_("Choose a version of this plan."))
    if reason := too_large_reason(version):
        # Refused before anything is queued (the version just published is rolled back).
        raise ValidationError({NON_FIELD_ERRORS: reason}, code="too_large")
    existing = (
        PlanDocument.objects.filter(version=version, archival=archival, format=format)
        .exclude(status=DocumentStatus.FAILED)
        .first()
    )
    if existing is not None:
        return existing, False
    document = PlanDocument(
        plan=plan, version=version, requested_by=user, archival=archival, format=format
    )
    document.full_clean()
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        # Someone asked for the same document at the same moment: theirs is the one.
        return (
            PlanDocument.objects.exclude(status=DocumentStatus.FAILED).get(
                version=version, archival=archival, format=format
            ),
            False,
        )
    transaction.on_commit(partial(document_dispatch, document_id=document.pk))
    return document, True


@transaction.atomic
def document_retry(*, document, user):
    """Queue again a failed document, or one whose worker stopped (still rendering after its
    lease); it keeps its id, so its page keeps working."""
    live = (
        PlanDocument.objects.filter(
            version=document.version, archival=document.archival, format=document.format
        )
        .exclude(status=DocumentStatus.FAILED)
        .exclude(pk=document.pk)
        .first()
    )
    if live is not None:
        return live
    if not PlanDocument.objects.requeue(document.pk, requested_by=user):
        raise ValidationError(
            _("Only a document that failed or stopped being produced can be tried again.")
        )
    transaction.on_commit(partial(document_dispatch, document_id=document.pk))
    document.refresh_from_db()
    return document


def document_dispatch(*, document_id):
    """Hand the render task to the broker. Never raises when the broker is down: the document
    stays queued, with the reason, and is sent again later. Returns whether it was sent."""
    from .tasks import render_document

    return background.dispatch(render_document, model=PlanDocument, pk=document_id)


def documents_redispatch():
    """Send again every document that should be queued but is not. Returns (sent, failed)."""
    return background.redispatch(PlanDocument, lambda pk: document_dispatch(document_id=pk))


def document_dispatch_if_waiting(document):
    """On a visit of the document's page: send it again if it never reached the broker."""
    if document.status == DocumentStatus.QUEUED and document.enqueued_at is None:
        transaction.on_commit(partial(document_dispatch, document_id=document.pk))


# --- The task's side -----------------------------------------------------------------------


def document_render(document_id, *, retries_left=PlanDocument.MAX_ATTEMPTS):
    """Render a claimed document and store it (``plans.background.Outcome``). Safe to call
    any number of times."""
    started_at = PlanDocument.objects.claim(document_id)
    if started_at is None:
        state, retry_in = PlanDocument.objects.refused(document_id)
        return Outcome(state, retry_in=retry_in)

    document = PlanDocument.objects.select_related("version", "version__author", "plan").get(
        pk=document_id
    )
    if settings.DOCUMENT_TEST_ONLY_RENDER_DELAY:
        time.sleep(settings.DOCUMENT_TEST_ONLY_RENDER_DELAY)
    if reason := too_large_reason(document.version):
        # Asked for before the limit was lowered: failed with the reason, not rendered (it
        # would take the worker's memory).
        PlanDocument.objects.fail(document_id, started_at, reason)
        return Outcome("failed")
    clock = time.monotonic()
    try:
        rendered = render_version(
            document.version,
            format=document.format,
            archival=document.archival,
            identifier=document_identifier(document),
        )
        digest = hashlib.sha256(rendered.content).hexdigest()
        suffix = "-pdfa" if document.archival else ""
        name = f"v{document.version.number}-{digest[:12]}{suffix}.{document.format}"
        stored = default_storage.save(
            document.file.field.generate_filename(document, name), ContentFile(rendered.content)
        )
    except Exception as error:
        return background.outcome_of_error(
            PlanDocument,
            document_id,
            started_at,
            error,
            retries_left=retries_left,
            too_long=_("Rendering took longer than the time allowed."),
        )

    elapsed_ms = round((time.monotonic() - clock) * 1000)
    finished = PlanDocument.objects.still_mine(document_id, started_at).update(
        status=DocumentStatus.READY,
        file=stored,
        page_count=rendered.page_count,
        size=len(rendered.content),
        content_hash=digest,
        render_ms=elapsed_ms,
        finished_at=timezone.now(),
        error="",
    )
    if not finished:
        # Our lease ran out and another worker took the document over: keep theirs only.
        default_storage.delete(stored)
        return Outcome("skipped")
    logger.info(
        "Document %s rendered: %s pages in %s ms (%s)",
        document_id,
        rendered.page_count,
        elapsed_ms,
        document.format,
    )
    _announce(document)
    return Outcome("ready")


def document_identifier(document):
    """The PDF's identifier, from its snapshot: the same version renders the same bytes."""
    seed = f"{document.version.snapshot_hash}:{document.archival}"
    return hashlib.sha256(seed.encode()).hexdigest()[:32].encode()


def _announce(document):
    if document.requested_by_id is None:
        return
    url = reverse("documents:detail", kwargs={"plan": document.plan.uuid, "pk": document.pk})

    def send():
        plan_event.send(
            sender=PlanDocument,
            plan=document.plan,
            kind="export_ready",
            actor=document.requested_by,
            recipients=[document.requested_by],
            context={"document_id": document.pk, "url": url},
        )

    transaction.on_commit(send)
