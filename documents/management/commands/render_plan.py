import resource
import time
import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.rendering import render_version
from plans.models import Plan


class Command(BaseCommand):
    help = (
        "Render the document of one published version of a plan, here and now (no task queue), "
        "and write it to a file: for scripts and benchmarks. Prints its pages, the time it took "
        "and this process's peak memory."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # ``--version`` names the plan's version here, not Django's (which it replaces).
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("plan", help="the plan's id (the UUID in its address)")
        parser.add_argument(
            "--version", type=int, help="the version's number (default: the latest published)"
        )
        parser.add_argument(
            "--format", choices=["pdf", "docx"], default="pdf", help="PDF (default) or Word"
        )
        parser.add_argument("--archival", action="store_true", help="PDF/A-3b, for archiving")
        parser.add_argument("-o", "--output", required=True, help="the file to write")

    def handle(self, *args, **options):
        try:
            plan = Plan.objects.get(uuid=uuid.UUID(options["plan"]))
        except (ValueError, Plan.DoesNotExist) as error:
            raise CommandError(f"No plan has the id {options['plan']!r}.") from error
        versions = plan.versions.order_by("-number")
        if options["version"] is not None:
            versions = versions.filter(number=options["version"])
        version = versions.first()
        if version is None:
            raise CommandError(
                f"Version {options['version']} of this plan does not exist."
                if options["version"] is not None
                else "This plan has no published version: publish one first."
            )
        if options["archival"] and options["format"] != "pdf":
            raise CommandError("Only a PDF can be made for archiving (--archival).")
        started = time.perf_counter()
        rendered = render_version(version, format=options["format"], archival=options["archival"])
        seconds = time.perf_counter() - started
        Path(options["output"]).write_bytes(rendered.content)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        pages = f"{rendered.page_count} pages, " if rendered.page_count else ""
        self.stdout.write(
            f"Version {version.number}: {pages}{len(rendered.content) / 1024:.0f} kB "
            f"in {seconds:.1f} s (peak memory {peak_mb:.0f} MB) -> {options['output']}"
        )
