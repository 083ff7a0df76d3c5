"""PDF benchmark: the large demo plan through the whole export pipeline, and WeasyPrint alone.

Seeds ``seed_demo --size large`` in a SQLite database of its own, then measures, each in a fresh
process that reports its own peak memory (``getrusage(RUSAGE_SELF).ru_maxrss``, or the
worker's ``VmHWM``):

1. the pipeline in-process: publish a version (snapshot of every section), request the
   document, render it through the task run in-process (claim, section templates,
   WeasyPrint, storage). Peak memory: that process, publish included;
2. WeasyPrint alone on the final HTML the pipeline produced, with the same fonts and options;
3. the pipeline through a real Celery worker (``celery -A planner worker -P solo`` on Redis, a
   queue of its own, a copy of the seeded database): another process publishes and sends the
   task, the worker renders. Peak memory: the worker process (``VmHWM`` from /proc), measured
   idle after start and again after the render. Skipped when Redis does not answer.

Prints pages, seconds, peak memory and the ratio pipeline / WeasyPrint alone. Never fails on time
(exit status 1 only when a document could not be produced).
"""

import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
# BENCH_PDF_SIZE=small gives a quick check of the script itself (the figures are the large plan's);
# BENCH_PDF_SIZE=xl the plan twice as large, to compare with the large plan's figures.
SIZE = os.environ.get("BENCH_PDF_SIZE", "large")
PLAN_TITLE = {
    "large": "Regional public-health",
    "xl": "Extra-large regional public-health",
    "small": "Safer routes",
}[SIZE]
# The main of the day the plan-document issue was filed (its figures are "before").
BASELINE = "1535648"
WORKER_TIMEOUT = float(os.environ.get("BENCH_WORKER_TIMEOUT", "900"))


def django_env(database, media, broker="", queue=""):
    """The environment of every process of this benchmark: SQLite, local files, no cache
    server; a broker only for the worker run."""
    env = {
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": "",
        "CELERY_BROKER_URL": broker,
        # Without a broker the tasks run in this process, which settings want asked for.
        "TASKS_IN_PROCESS": "0" if broker else "1",
        "MEDIA_ROOT": str(media),
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 50,
        "AXES_ENABLED": "0",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "planner.settings",
    }
    if queue:
        env["CELERY_QUEUE"] = queue
    return env


def setup_django(database, media, broker="", queue=""):
    os.environ.update(django_env(database, media, broker, queue))
    # BENCH_CODE_ROOT: another checkout of the project (the baseline's), else this one.
    sys.path.insert(0, os.environ.get("BENCH_CODE_ROOT") or str(ROOT))
    import django

    django.setup()


def peak_kb():
    """This process's own peak resident memory (kB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def seed(database, media):
    setup_django(database, media)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--size", SIZE, "--quiet")


def plan_and_owner():
    """The demo plan, without any document yet (the small demo comes with one)."""
    from documents.models import PlanDocument
    from plans.models import Membership, Plan, Role

    plan = Plan.objects.get(title__startswith=PLAN_TITLE)
    PlanDocument.objects.filter(plan=plan).delete()
    return plan, Membership.objects.get(plan=plan, role=Role.OWNER).user


def pipeline(database, media, html_out):
    setup_django(database, media)
    from documents.models import PlanDocument
    from documents.rendering import document_html
    from documents.services import document_request

    plan, owner = plan_and_owner()
    started, cpu = time.perf_counter(), time.process_time()
    document, _ = document_request(plan=plan, user=owner)  # autocommit: renders on commit
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = peak_kb()  # before building the HTML once more for the next step
    document = PlanDocument.objects.get(pk=document.pk)
    Path(html_out).write_text(document_html(document.version), encoding="utf-8")
    return {
        "status": document.status,
        "error": document.error,
        "pages": document.page_count,
        "size": document.size,
        "seconds": seconds,
        "cpu": cpu,
        "render_ms": document.render_ms,
        "peak_kb": peak,
    }


def weasyprint_alone(database, media, html_in):
    setup_django(database, media)
    from documents.rendering import render_pdf

    return {
        **timed_render(render_pdf, Path(html_in).read_text(encoding="utf-8")),
        "html_cpu": html_cpu(),
    }


def timed_render(render_pdf, html):
    """Wall and CPU seconds, pages and peak memory of ``render_pdf(html)``."""
    started, cpu = time.perf_counter(), time.process_time()
    pdf = render_pdf(html)
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "pages": pdf.page_count,
        "peak_kb": peak_kb(),
    }


def html_cpu():
    """CPU seconds to build the document's HTML of the plan's last version (after the
    render: the memory figure is the render's)."""
    from documents.rendering import document_html
    from plans.models import PlanVersion

    plan, _ = plan_and_owner()
    version = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
    cpu = time.process_time()
    document_html(version)
    return time.process_time() - cpu


def baseline_render(database, media):
    """The large plan's document with the baseline's code (``BENCH_CODE_ROOT``): publish a
    version, build its HTML, WeasyPrint; the figures of the render alone, HTML included."""
    setup_django(database, media)
    from documents.rendering import document_html, render_pdf
    from plans.versions import version_publish

    plan, owner = plan_and_owner()
    version = version_publish(plan=plan, user=owner, allow_unchanged=True)
    cpu = time.process_time()
    html = document_html(version)
    html_seconds = time.process_time() - cpu
    return {**timed_render(render_pdf, html), "html_cpu": html_seconds}


def request_through_broker(database, media, broker, queue):
    """Publish and send the task to the worker, then wait (polling the database) until it is
    finished. Seconds: from the request to the document being ready."""
    setup_django(database, media, broker, queue)
    from documents.models import DocumentStatus, PlanDocument
    from documents.services import document_request

    plan, owner = plan_and_owner()
    started = time.perf_counter()
    document, _ = document_request(plan=plan, user=owner)  # sent to the broker on commit
    published = time.perf_counter() - started
    deadline = time.monotonic() + WORKER_TIMEOUT
    while time.monotonic() < deadline:
        document = PlanDocument.objects.get(pk=document.pk)
        if document.status in (DocumentStatus.READY, DocumentStatus.FAILED):
            break
        time.sleep(0.1)
    return {
        "status": document.status,
        "error": document.error or document.dispatch_error or "",
        "pages": document.page_count,
        "seconds": time.perf_counter() - started,
        "publish_seconds": published,
        "render_ms": document.render_ms,
        "peak_kb": peak_kb(),
    }


def child(step, *args, size=None, env=None, cwd=None):
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), step, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "BENCH_PDF_SIZE": size or SIZE, **(env or {})},
    )
    if out.returncode:
        raise RuntimeError(f"step {step} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def proc_status_kb(pid, field):
    """``VmHWM`` (peak resident memory) or ``VmRSS`` of a running process, in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return None


def redis_for_worker():
    url = os.environ.get("BENCH_REDIS_URL") or os.environ.get("REDIS_URL") or ""
    url = url or "redis://127.0.0.1:6379/0"
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), 1):
            return url
    except OSError:
        return None


def through_worker(database, media, broker, log_path, size):
    """The pipeline through ``celery -A planner worker -P solo`` (one process: the render runs
    in it, so its VmHWM is the render's peak)."""
    queue = f"bench-pdf-{uuid.uuid4().hex[:10]}"
    env = {**os.environ, **django_env(database, media, broker, queue)}
    with open(log_path, "w") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "planner", "worker", "-P", "solo"]
            + ["-Q", queue, "--without-gossip", "--without-mingle", "--without-heartbeat"]
            + ["-l", "info"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while "ready." not in Path(log_path).read_text(errors="replace"):
            if worker.poll() is not None or time.monotonic() > deadline:
                tail = Path(log_path).read_text(errors="replace")[-2000:]
                raise RuntimeError(f"the worker did not start:\n{tail}")
            time.sleep(0.2)
        idle = proc_status_kb(worker.pid, "VmHWM")
        result = child("request", database, media, broker, queue, size=size)
        result["worker_idle_kb"] = idle
        result["worker_peak_kb"] = proc_status_kb(worker.pid, "VmHWM")  # before it stops
        return result
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def mb(kb):
    return f"{kb / 1024:.0f} MB" if kb else "n/a"


def measure(size, tmp, *, with_worker):
    """Seed ``size`` and render its document: in-process, WeasyPrint alone, and (``with_worker``)
    through a Celery worker."""
    folder = tmp / size
    folder.mkdir()
    database, media, html = folder / "bench.sqlite3", folder / "media", folder / "doc.html"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "seed", database, media],
        check=True,
        env={**os.environ, "BENCH_PDF_SIZE": size},
    )
    print(f"seeded the {size} demo plan in {time.perf_counter() - started:.1f} s", flush=True)
    # The worker run gets the same seeded state: a copy, taken before anything is rendered.
    worker_db = folder / "worker.sqlite3"
    shutil.copy(database, worker_db)
    whole = child("pipeline", database, media, html, size=size)
    if whole["status"] != "ready":
        raise RuntimeError(f"the {size} document failed: {whole['error']}")
    alone = child("weasyprint", database, media, html, size=size)
    broker = redis_for_worker() if with_worker else None
    worker = None
    if broker:
        worker = through_worker(
            worker_db, folder / "worker-media", broker, folder / "worker.log", size
        )
    return whole, alone, worker


def baseline(commit, tmp):
    """The large plan's render with the code of ``commit`` (a worktree of this repository,
    its own seeded database), or None when git cannot give it."""
    tree = tmp / "baseline-code"
    made = subprocess.run(
        ["git", "worktree", "add", "--detach", str(tree), commit],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if made.returncode:
        print(f"baseline {commit}: not measured ({made.stderr.strip()[:200]})")
        return None
    try:
        database, media = tmp / "baseline.sqlite3", tmp / "baseline-media"
        env = {**os.environ, **django_env(database, media), "BENCH_PDF_SIZE": "large"}
        for command in (["migrate", "-v0"], ["seed_demo", "--size", "large", "--quiet"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=tree, env=env, check=True)
        # In the baseline's folder: Celery's Django fix-up puts the working directory first on
        # the import path, so from this checkout's folder its modules would be imported instead.
        return child(
            "baseline",
            database,
            media,
            size="large",
            env={"BENCH_CODE_ROOT": str(tree)},
            cwd=tree,
        )
    except (RuntimeError, subprocess.CalledProcessError) as error:
        print(f"baseline {commit}: not measured ({error})")
        return None
    finally:
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True
        )


def report(size, whole, alone, worker):
    task = whole["render_ms"] / 1000
    print(f"-- {size} plan")
    print(f"pages:                         {whole['pages']}")
    print(f"PDF size:                      {whole['size'] / 1024:.0f} kB")
    print(
        f"whole pipeline (in-process):   {whole['seconds']:.2f} s, CPU {whole['cpu']:.2f} s "
        f"(render task {task:.2f} s)"
    )
    print(f"WeasyPrint alone, same HTML:   {alone['seconds']:.2f} s, CPU {alone['cpu']:.2f} s")
    print(f"ratio pipeline / WeasyPrint:   {whole['seconds'] / alone['seconds']:.2f}")
    print(f"peak memory, pipeline process: {mb(whole['peak_kb'])} (publish and render, in-process)")
    print(f"peak memory, WeasyPrint alone: {mb(alone['peak_kb'])}")
    if worker is None:
        return
    if worker["status"] != "ready":
        raise RuntimeError(f"through the worker the document failed: {worker['error']}")
    print(
        f"through a Celery worker (solo): {worker['seconds']:.2f} s request to ready "
        f"(render task {worker['render_ms'] / 1000:.2f} s, "
        f"publish and send {worker['publish_seconds']:.2f} s)"
    )
    print(
        f"peak memory, worker process:  {mb(worker['worker_peak_kb'])} "
        f"(idle after start: {mb(worker['worker_idle_kb'])})"
    )


def main():
    # BENCH_PDF_SIZES: the plans measured (default: large and xl, for the growth between them);
    # BENCH_PDF_BASELINE: a commit whose code renders the large plan too ("none": skip).
    sizes = os.environ.get(
        "BENCH_PDF_SIZES", SIZE if "BENCH_PDF_SIZE" in os.environ else "large,xl"
    )
    sizes = [size.strip() for size in sizes.split(",") if size.strip()]
    commit = os.environ.get("BENCH_PDF_BASELINE", BASELINE)
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        tmp = Path(tmp)
        try:
            for index, size in enumerate(sizes):
                results[size] = measure(size, tmp, with_worker=index == 0)
                report(size, *results[size])
        except RuntimeError as error:
            print(error)
            return 1
        if results and results[sizes[0]][2] is None:
            print("Celery worker: not measured (no Redis answering; set BENCH_REDIS_URL)")
        old = baseline(commit, tmp) if commit != "none" and "large" in results else None
    if old:
        new = results["large"][1]
        print(f"-- the large plan: the code of {commit} (the baseline) against this code")
        for name, run in (("baseline", old), ("now", new)):
            print(
                f"{name + ':':9} HTML CPU {run['html_cpu']:.2f} s; WeasyPrint "
                f"{run['seconds']:.2f} s, CPU {run['cpu']:.2f} s; {run['pages']} pages; "
                f"peak {mb(run['peak_kb'])}"
            )
        before, after = old["html_cpu"] + old["cpu"], new["html_cpu"] + new["cpu"]
        print(f"speed-up, CPU of HTML and PDF:  {before / after:.2f}x")
    if "large" in results and "xl" in results:
        (large, large_alone, _), (xl, xl_alone, _) = results["large"][:3], results["xl"][:3]
        print("-- growth from the large plan to the xl plan (linear: about the ratio of pages)")
        print(f"pages:                         {xl['pages'] / large['pages']:.2f}x")
        print(f"CPU, WeasyPrint alone:         {xl_alone['cpu'] / large_alone['cpu']:.2f}x")
        print(f"CPU, whole pipeline:           {xl['cpu'] / large['cpu']:.2f}x")
        print(f"peak memory, WeasyPrint alone: {xl_alone['peak_kb'] / large_alone['peak_kb']:.2f}x")
    return 0


if __name__ == "__main__":
    steps = {
        "seed": seed,
        "pipeline": lambda *a: print(json.dumps(pipeline(*a))),
        "weasyprint": lambda *a: print(json.dumps(weasyprint_alone(*a))),
        "request": lambda *a: print(json.dumps(request_through_broker(*a))),
        "baseline": lambda *a: print(json.dumps(baseline_render(*a))),
    }
    if len(sys.argv) > 1 and sys.argv[1] in steps:
        steps[sys.argv[1]](*sys.argv[2:])
    else:
        sys.exit(main())
