from django.core.management.base import BaseCommand, CommandError

from plans import catalogs


class Command(BaseCommand):
    help = "Update, compile or check the translation catalogues (no GNU gettext needed)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["update", "compile", "check", "fill"])
        parser.add_argument("--file", help="with fill: a JSON file of {msgid: French translation}")

    def handle(self, *args, action, file=None, **options):
        if action == "fill":
            import json
            from pathlib import Path

            if not file:
                raise CommandError("fill needs --file")
            count = catalogs.fill(json.loads(Path(file).read_text(encoding="utf-8")))
            self.stdout.write(f"filled {count} translation(s)")
        elif action == "update":
            for path in catalogs.update():
                self.stdout.write(f"updated {path}")
        elif action == "compile":
            catalogs.compile_all()
        else:
            problems = catalogs.problems()
            for problem in problems:
                self.stdout.write(problem)
            if problems:
                raise CommandError(f"{len(problems)} translation problem(s)")
