"""Plan files benchmark: the large demo plan exported and imported, as JSON and as a workbook.

Seeds ``seed_demo --size large`` in a SQLite database of its own, then runs each step in a fresh
process that reports its own CPU time (user + system, ``getrusage``: the other core's load does
not count), wall time and peak memory (``ru_maxrss``):

1. export the plan file (JSON) and 2. the workbook (XLSX), each written to a file;
3. import the plan file and 4. the workbook into new plans (every item through its services,
   one transaction), then check that the imported plan exports as the same file (ids aside).

Prints items, sizes, seconds and peak memory. Never fails on time (exit status 1 only when an
import is refused or does not give the same plan back).
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = os.environ.get("BENCH_FILES_SIZE", "large")  # small: a quick check; xl: twice the large
PLAN_TITLE = {
    "large": "Regional public-health",
    "xl": "Extra-large regional public-health",
    "small": "Safer routes",
}[SIZE]


def setup_django(database, media):
    from bench_pdf import django_env  # the same environment as the PDF benchmark's

    os.environ.update(django_env(database, media))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measured(work):
    started, cpu_started = time.perf_counter(), cpu()
    result = work()
    return {
        **result,
        "seconds": time.perf_counter() - started,
        "cpu": cpu() - cpu_started,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def the_plan():
    from plans.models import Membership, Plan, Role

    plan = Plan.objects.filter(title__startswith=PLAN_TITLE).order_by("id").first()  # not a copy
    return plan, Membership.objects.get(plan=plan, role=Role.OWNER).user


def seed(database, media):
    setup_django(database, media)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--size", SIZE, "--quiet")


def export(database, media, kind, out):
    setup_django(database, media)
    from transfer.plan_file import plan_export_json
    from transfer.workbook import plan_workbook

    plan, _owner = the_plan()

    def work():
        content = plan_export_json(plan).encode() if kind == "json" else plan_workbook(plan)
        Path(out).write_bytes(content)
        return {"bytes": len(content)}

    return measured(work)


def import_(database, media, kind, path):
    setup_django(database, media)
    from tests.transfer.test_plan_file import comparable
    from transfer.plan_file import parse, plan_export, plan_import
    from transfer.workbook import read_workbook

    plan, owner = the_plan()
    content = Path(path).read_bytes()

    def work():
        data = parse(content) if kind == "json" else read_workbook(content)
        outcome = plan_import(data, user=owner, filename=Path(path).name)
        return {"items": sum(outcome.created.values()), "uuid": str(outcome.plan.uuid)}

    result = measured(work)
    from plans.models import Plan

    new = Plan.objects.get(uuid=result["uuid"])
    result["same"] = comparable(plan_export(new)) == comparable(plan_export(plan))
    return result


def child(*args):
    out = subprocess.run(
        [sys.executable, __file__, *map(str, args)], capture_output=True, text=True
    )
    if out.returncode:
        print(out.stderr[-3000:], file=sys.stderr)
        out.check_returncode()
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-files-") as tmp:
        tmp = Path(tmp)
        database, media = tmp / "bench.sqlite3", tmp / "media"
        started = time.perf_counter()
        subprocess.run([sys.executable, __file__, "seed", database, media], check=True)
        print(f"seeded the {SIZE} demo plan in {time.perf_counter() - started:.1f} s")
        for kind in ("json", "xlsx"):
            path = tmp / f"plan.{kind}"
            out = child("export", database, media, kind, path)
            print(
                f"export {kind}: {out['bytes'] / 1024:.0f} KiB in {out['seconds']:.2f} s "
                f"(CPU {out['cpu']:.2f} s), peak memory {out['peak_mb']:.0f} MB"
            )
            back = child("import", database, media, kind, path)
            print(
                f"import {kind}: {back['items']} items in {back['seconds']:.2f} s "
                f"(CPU {back['cpu']:.2f} s, {back['items'] / back['cpu']:.0f} items per CPU "
                f"second), peak memory {back['peak_mb']:.0f} MB, same plan back: {back['same']}"
            )
            failed |= not back["same"]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        step, *args = sys.argv[1:]
        if step == "seed":
            seed(*args)
        elif step == "export":
            print(json.dumps(export(*args)))
        elif step == "import":
            print(json.dumps(import_(*args)))
    else:
        main()
