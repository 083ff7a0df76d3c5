import json
import uuid

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from transfer.models import VersionFile
from transfer.plan_file import plan_export_json
from transfer.workbook import plan_workbook


class Command(BaseCommand):
    help = "Write a plan, every item and link, as a plan file (JSON) or a workbook (XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("plan", type=uuid.UUID, help="the plan's uuid")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("-o", "--output", help="the file to write (JSON: standard output)")
        parser.add_argument(
            "--published",
            type=int,
            metavar="NUMBER",
            help="a published version's number: the plan as it was then",
        )
        parser.add_argument(
            "--reviews",
            action="store_true",
            help="with the plan's comments and approvals (JSON only; an import ignores them)",
        )

    def handle(
        self, *args, plan, format="json", output=None, published=None, reviews=False, **options
    ):
        found = Plan.objects.filter(uuid=plan).first()
        if found is None:
            raise CommandError(f"No plan {plan}.")
        if published is not None:
            kept = VersionFile.objects.filter(version__plan=found, version__number=published)
            kept = kept.first()
            if kept is None or format != "json":
                raise CommandError(f"No plan file was kept for version {published} (JSON only).")
            content = json.dumps(kept.data, ensure_ascii=False, indent=1)
        elif reviews and format != "json":
            raise CommandError("Comments and approvals go in a plan file only (JSON).")
        elif format == "xlsx":
            content = plan_workbook(found)
        else:
            content = plan_export_json(found, reviews=reviews)
        if not output:
            if isinstance(content, bytes):
                raise CommandError("A workbook needs -o FILE.")
            self.stdout.write(content)
            return
        with open(output, "wb") as f:
            f.write(content if isinstance(content, bytes) else content.encode("utf-8"))
