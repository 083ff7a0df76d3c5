from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from transfer.plan_file import PlanFileRejected, plan_import, read_upload


class Command(BaseCommand):
    help = "Create a plan from a plan file (JSON) or workbook (XLSX); prints its uuid."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--owner", required=True, help="the e-mail of the plan's owner")
        parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")

    def handle(self, *args, file, owner, dry_run=False, **options):
        user = get_user_model().objects.filter(email__iexact=owner).first()
        if user is None:
            raise CommandError(f"No account with the e-mail {owner}.")
        try:
            with open(file, "rb") as f:
                content = f.read()
        except OSError as error:
            raise CommandError(str(error)) from error
        try:
            outcome = plan_import(read_upload(content), user=user, filename=file, dry_run=dry_run)
        except PlanFileRejected as rejected:
            for problem in rejected.errors:
                self.stderr.write(str(problem))
            raise CommandError(f"{file} was refused: nothing was imported.") from rejected
        if dry_run:
            self.stdout.write(f"{file} can be imported: {sum(outcome.created.values())} items.")
        else:
            self.stdout.write(str(outcome.plan.uuid))
