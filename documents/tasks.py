"""The render task. It takes an id and calls the service (STYLE.md): all the rules live there.

Reliability comes from the settings (``acks_late``, ``reject_on_worker_lost``, a visibility
timeout longer than ``time_limit``) and from the service's atomic claim: a message delivered
twice, or again after its worker died, renders the document once.
"""

from celery import shared_task
from django.conf import settings

from . import services


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=services.MAX_ATTEMPTS,
    # The soft limit leaves time to record the failure before the hard limit kills the child.
    soft_time_limit=settings.DOCUMENT_RENDER_TIME_LIMIT
    - max(1, min(10, settings.DOCUMENT_RENDER_TIME_LIMIT // 10)),
    time_limit=settings.DOCUMENT_RENDER_TIME_LIMIT,
)
def render_document(self, document_id):
    outcome = services.document_render(
        document_id=document_id, retries_left=self.max_retries - self.request.retries
    )
    if outcome.state == "retry":
        # Exponential backoff for transient errors: 2, 4, 8, 16, 32 seconds.
        raise self.retry(countdown=2 ** (self.request.retries + 1), exc=outcome.error)
    if outcome.state == "busy":
        raise self.retry(countdown=outcome.retry_in, max_retries=None)
    return outcome.state


@shared_task(ignore_result=True)
def redispatch_documents():
    """Periodic (celery beat): send again the documents the broker never received or lost."""
    sent, failed = services.documents_redispatch()
    return {"sent": sent, "failed": failed}
