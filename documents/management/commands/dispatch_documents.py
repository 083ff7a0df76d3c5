from django.core.management.base import BaseCommand

from documents.services import documents_redispatch


class Command(BaseCommand):
    help = (
        "Send again to the task queue the documents that never reached it (the broker was "
        "down) or were lost with it. Celery beat runs the same every minute."
    )

    def handle(self, *args, **options):
        sent, failed = documents_redispatch()
        self.stdout.write(f"{sent} document(s) queued again")
        if failed:
            self.stderr.write("The task queue cannot be reached: try again later.")
            raise SystemExit(1)
