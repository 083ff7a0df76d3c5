import json

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from transfer.plan_file import plan_export_json
from transfer.workbook import plan_workbook


class Command(BaseCommand):
    help = "Write a plan, every item and link, as a plan file (JSON) or a workbook (XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("plan", help="the plan's uuid")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("-o", "--output", help="the file to write (JSON: standard output)")
        parser.add_argument(
            "--published",
            type=int,
            metavar="NUMBER",
            help="a published version's number: the plan as it was then",
        )

    def handle(self, *args, plan, format="json", output=None, published=None, **options):
        found = Plan.objects.filter(uuid=plan).first() if _is_uuid(plan) else None
        if found is None:
            raise CommandError(f"No plan {plan}.")
        if published is not None:
            from transfer.models import VersionFile

            kept = VersionFile.objects.filter(
                version__plan=found, version__number=published
            ).first()
            if kept is None or format != "json":
                raise CommandError(f"No plan file was kept for version {published} (JSON only).")
            text = json.dumps(kept.data, ensure_ascii=False, indent=1)
            if output:
                with open(output, "w", encoding="utf-8") as f:
                    f.write(text)
            else:
                self.stdout.write(text)
            return
        if format == "xlsx":
            if not output:
                raise CommandError("A workbook needs -o FILE.")
            with open(output, "wb") as f:
                f.write(plan_workbook(found))
            return
        text = plan_export_json(found)
        if output:
            with open(output, "w", encoding="utf-8") as f:
                f.write(text)
        else:
            self.stdout.write(text)


def _is_uuid(text):
    import uuid

    try:
        uuid.UUID(str(text))
    except ValueError:
        return False
    return True
