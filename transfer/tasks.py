"""The export and import task. It takes an id and calls the service (STYLE.md): the rules,
the atomic claim and the progress live in ``transfer.jobs``. Reliability as for the PDF
(``documents.tasks``): late acknowledgement and the claim, so a message delivered twice, or
again after its worker died, runs the job once."""

from celery import shared_task

from plans import background

from . import jobs
from .models import TransferJob


@shared_task(**background.task_options(TransferJob))
def run_transfer_job(self, job_id):
    return background.run_task(self, jobs.job_run, job_id)


@shared_task(ignore_result=True)
def redispatch_jobs():
    """Periodic (celery beat): send again the jobs the broker never received or lost."""
    sent, failed = jobs.jobs_redispatch()
    return {"sent": sent, "failed": failed}
