from django.core.management.base import BaseCommand

from notifications.tasks import send_digests


class Command(BaseCommand):
    help = "Send the daily digest e-mail to everyone with notifications waiting for it."

    def handle(self, *args, **options):
        count = send_digests()
        self.stdout.write(f"{count} digest(s) queued.")
