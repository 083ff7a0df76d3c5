"""The render task. It takes an id and calls the service (STYLE.md): all the rules live there.

Reliability comes from the settings (``acks_late``, ``reject_on_worker_lost``, a visibility
timeout longer than ``time_limit``) and from the service's atomic claim: a message delivered
twice, or again after its worker died, renders the document once.
"""

from celery import shared_task

from plans import background

from . import services
from .models import PlanDocument


@shared_task(**background.task_options(PlanDocument))
def render_document(self, document_id):
    return background.run_task(self, services.document_render, document_id)


@shared_task(ignore_result=True)
def redispatch_documents():
    """Periodic (celery beat): send again the documents the broker never received or lost."""
    sent, failed = services.documents_redispatch()
    return {"sent": sent, "failed": failed}
