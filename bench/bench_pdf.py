"""PDF benchmark: the large demo plan through the whole export pipeline, and WeasyPrint alone.

Seeds ``seed_demo --size large`` in a SQLite database of its own (tasks in-process), then, each
in a fresh child process so their peak memory is their own:

1. the pipeline: publish a version (snapshot of every section), request the document, render it
   through the task (claim, section templates, WeasyPrint, storage);
2. WeasyPrint alone on the final HTML the pipeline produced, with the same fonts and options.

Prints pages, seconds, peak memory and the ratio pipeline / WeasyPrint alone. Never fails on time.
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


def setup_django(database, media):
    os.environ.update(
        {
            "DATABASE_URL": f"sqlite:///{database}",
            "REDIS_URL": "",
            "CELERY_BROKER_URL": "",
            "MEDIA_ROOT": str(media),
            "DEBUG": "1",
            "AXES_ENABLED": "0",
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planner.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def seed(database, media):
    setup_django(database, media)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--size", "large", "--quiet")


def pipeline(database, media, html_out):
    setup_django(database, media)
    from documents.models import PlanDocument
    from documents.rendering import document_html
    from documents.services import document_request
    from plans.models import Membership, Plan, Role

    plan = Plan.objects.get(title__startswith="Regional public-health")
    owner = Membership.objects.get(plan=plan, role=Role.OWNER).user
    started = time.perf_counter()
    document, _ = document_request(plan=plan, user=owner)  # autocommit: renders on commit
    seconds = time.perf_counter() - started
    document = PlanDocument.objects.get(pk=document.pk)
    Path(html_out).write_text(document_html(document.version), encoding="utf-8")
    return {
        "status": document.status,
        "error": document.error,
        "pages": document.page_count,
        "size": document.size,
        "seconds": seconds,
        "render_ms": document.render_ms,
    }


def weasyprint_alone(database, media, html_in):
    setup_django(database, media)
    from documents.rendering import render_pdf

    html = Path(html_in).read_text(encoding="utf-8")
    started = time.perf_counter()
    pdf = render_pdf(html)
    return {"seconds": time.perf_counter() - started, "pages": pdf.page_count}


def child(step, *args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = subprocess.run(
        [sys.executable, __file__, step, *args], check=True, capture_output=True, text=True
    )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = json.loads(out.stdout.strip().splitlines()[-1])
    # RUSAGE_CHILDREN holds the largest child so far: a later, smaller child shows as the same.
    result["peak_kb"] = peak if peak > before else None
    return result


def main():
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        database, media, html = (
            Path(tmp) / "bench.sqlite3",
            Path(tmp) / "media",
            Path(tmp) / "doc.html",
        )
        started = time.perf_counter()
        subprocess.run([sys.executable, __file__, "seed", str(database), str(media)], check=True)
        print(f"seeded the large demo plan in {time.perf_counter() - started:.1f} s")
        whole = child("pipeline", str(database), str(media), str(html))
        alone = child("weasyprint", str(database), str(media), str(html))
    if whole["status"] != "ready":
        print(f"the document failed: {whole['error']}")
        return 1
    print(f"pages:                      {whole['pages']}")
    print(f"PDF size:                   {whole['size'] / 1024:.0f} kB")
    task = whole["render_ms"] / 1000
    print(f"whole pipeline:             {whole['seconds']:.2f} s (render task {task:.2f} s)")
    print(f"WeasyPrint alone, same HTML: {alone['seconds']:.2f} s")
    print(f"ratio pipeline / WeasyPrint: {whole['seconds'] / alone['seconds']:.2f}")
    peak = whole["peak_kb"]
    print(
        f"peak memory of the render process: {peak / 1024:.0f} MB" if peak else "peak memory: n/a"
    )
    if alone["peak_kb"]:
        print(f"peak memory of WeasyPrint alone:   {alone['peak_kb'] / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "seed":
        seed(sys.argv[2], sys.argv[3])
    elif len(sys.argv) > 1 and sys.argv[1] == "pipeline":
        print(json.dumps(pipeline(*sys.argv[2:5])))
    elif len(sys.argv) > 1 and sys.argv[1] == "weasyprint":
        print(json.dumps(weasyprint_alone(*sys.argv[2:5])))
    else:
        sys.exit(main())
