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

    def handle(self, *args, plan, format="json", output=None, **options):
        found = Plan.objects.filter(uuid=plan).first() if _is_uuid(plan) else None
        if found is None:
            raise CommandError(f"No plan {plan}.")
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
