import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from transfer.plan_file import PlanFileRejected, plan_import, read_upload


class Command(BaseCommand):
    help = (
        "Create a plan from a plan file (JSON) or workbook (XLSX), or merge it into an "
        "existing plan (--into); prints the plan's uuid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--owner",
            required=True,
            help="the e-mail of the plan's owner (with --into: a planner or owner of that plan)",
        )
        parser.add_argument(
            "--into",
            type=uuid.UUID,
            metavar="UUID",
            help="merge into this plan: update the items the file names, add its new rows",
        )
        parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")

    def handle(self, *args, file, owner, into=None, dry_run=False, **options):
        user = get_user_model().objects.filter(email__iexact=owner).first()
        if user is None:
            raise CommandError(f"No account with the e-mail {owner}.")
        target = None
        if into is not None:
            target = Plan.objects.filter(uuid=into).first()
            if target is None:
                raise CommandError(f"No plan {into}.")
        try:
            with open(file, "rb") as f:
                content = f.read()
        except OSError as error:
            raise CommandError(str(error)) from error
        try:
            outcome = plan_import(
                read_upload(content), user=user, filename=file, dry_run=dry_run, into=target
            )
        except PermissionDenied as error:
            raise CommandError(
                f"{owner} cannot edit the plan {into}: nothing was imported."
            ) from error
        except PlanFileRejected as rejected:
            for problem in rejected.errors:
                self.stderr.write(str(problem))
            raise CommandError(f"{file} was refused: nothing was imported.") from rejected
        if dry_run and target is not None:
            changed = sum(len(rows) for rows in outcome.changed.values())
            self.stdout.write(
                f"{file} can be imported into {into}: {sum(outcome.created.values())} new, "
                f"{changed} changed, {sum(outcome.unchanged.values())} unchanged items."
            )
        elif dry_run:
            self.stdout.write(f"{file} can be imported: {sum(outcome.created.values())} items.")
        else:
            self.stdout.write(str(outcome.plan.uuid))
