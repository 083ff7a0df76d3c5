"""CPU time and queries per page, in-process, on the small, the large and the xl demo plan.

Seeds the three demo plans (xl: twice the large plan) in a database of its own (PostgreSQL
`planner_bench_pages` when DATABASE_URL points at PostgreSQL, else a SQLite file), then, in a
fresh process (as a web worker serves: what the seeding leaves in memory would slow every
garbage collection), requests every section page, the overview, the monitoring dashboard, the
RACI matrix, the versions, the version compare, the page of the latest version (its compare with
the one before) and the activity feed through Django's test client as the plan's owner. For each
it prints the median CPU time of the request (`time.process_time`, this process only: the other
core's load does not count; the three plans requested in turn, after a garbage collection each)
for the small, the large and the xl plan side by side, the ratios large/small and xl/large (flat
in plan size: xl/large near 1), and for the large plan the median wall time, the query counts,
the response size, the system CPU and the minor page faults per request (thousands of faults
mean memory mapped per row: ``docs/performance.md``).

Run from two checkouts in the same session to compare commits: `bash bench/run.sh`, or
`.venv/bin/python bench/bench_pages.py` (BENCH_REPEAT, default 7, requests per page; BENCH_DB,
the database's name; BENCH_REUSE=1 measures the plans a previous run seeded in that database,
without seeding them again; BENCH_PAGES=actions,risks measures only those pages).
"""

import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))
DB = os.environ.get("BENCH_DB", "planner_bench_pages")  # two checkouts side by side: two names
SIZES = ("small", "large", "xl")
REUSE = os.environ.get("BENCH_REUSE") == "1"
ONLY = {name for name in os.environ.get("BENCH_PAGES", "").split(",") if name}


def database_url():
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        parts = urlparse(url)
        return urlunparse(parts._replace(path=f"/{DB}")), True
    return f"sqlite:///{tempfile.gettempdir()}/{DB}.sqlite3", False


def reset_postgres(url):
    import psycopg2

    parts = urlparse(url)
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or "",
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DB}")
        cursor.execute(f"CREATE DATABASE {DB}")
    admin.close()


def main():
    url, postgres = database_url()
    if "--measure" in sys.argv:
        url = os.environ["DATABASE_URL"]
    elif REUSE:
        pass
    elif postgres:
        reset_postgres(url)
    else:
        Path(urlparse(url).path).unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planner.settings")
    os.environ["DEBUG"] = "0"
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ["TASKS_IN_PROCESS"] = "1"  # no broker: the settings want it asked for
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from plans.demo import DEMO_PLANS
    from plans.models import Plan, PlanVersion
    from plans.sections import registry

    settings.ALLOWED_HOSTS = ["*"]
    settings.AXES_ENABLED = False
    settings.SECURE_SSL_REDIRECT = False
    # No collectstatic here: static files from the finders, as in the tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    if "--measure" not in sys.argv:
        seeded = []
        if REUSE:
            for size in SIZES:
                seeded.append(str(Plan.objects.get(title=DEMO_PLANS[size]["title"]).pk))
        else:
            call_command("migrate", verbosity=0)
            for size in SIZES:
                call_command("seed_demo", size=size, verbosity=0)
                seeded.append(str(Plan.objects.order_by("-id").first().pk))
        # Measured in a fresh process, as a web worker serves: the objects the seeding left in
        # memory would make every garbage collection of the measuring process slower.
        env = {**os.environ, "BENCH_PLANS": ",".join(seeded)}
        subprocess.run([sys.executable, __file__, "--measure"], env=env, check=True)
        return
    plans = {
        size: Plan.objects.get(pk=pk)
        for size, pk in zip(SIZES, os.environ["BENCH_PLANS"].split(","), strict=True)
    }
    owner = plans["large"].created_by

    def pages(plan):
        kw = {"plan": plan.uuid}
        yield "overview", reverse("plans:overview", kwargs=kw)
        for section in registry.all():
            yield section.key, section.url(plan)
        yield "monitoring:dashboard", reverse("monitoring:dashboard", kwargs=kw)
        yield "actions:raci", reverse("actions:raci", kwargs=kw)
        yield "history:compare", reverse("history:compare", kwargs=kw) + "?b=current"
        yield "history:versions", reverse("history:versions", kwargs=kw)
        # A version's page is its comparison with the one before it (a redirect there).
        version = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
        if version is not None:
            detail = reverse("history:version_detail", kwargs={**kw, "pk": version.pk})
            yield "history:version_detail", client.get(detail)["Location"]
        yield "history:activity", reverse("history:activity", kwargs=kw)

    client = Client()
    client.force_login(owner)
    paths = {size: dict(pages(plan)) for size, plan in plans.items()}
    names = [name for name in paths["large"] if not ONLY or name in ONLY]
    rows = {}
    for name in names:
        # The three plans in turn, request after request: a machine whose load drifts
        # weighs on each alike, and the ratios between them hold.
        by_size = {size: paths[size][name] for size in SIZES if name in paths[size]}
        for path in by_size.values():
            for _ in range(2):  # warm caches and templates
                client.get(path)
        samples = {size: {"cpu": [], "wall": [], "sys": [], "faults": []} for size in by_size}
        for _ in range(REPEAT):
            for size, path in by_size.items():
                gc.collect()  # the garbage of the request before is not counted in this one
                r0 = resource.getrusage(resource.RUSAGE_SELF)
                c0, w0 = time.process_time(), time.perf_counter()
                client.get(path)
                measured = samples[size]
                measured["cpu"].append(time.process_time() - c0)
                measured["wall"].append(time.perf_counter() - w0)
                r1 = resource.getrusage(resource.RUSAGE_SELF)
                measured["sys"].append(r1.ru_stime - r0.ru_stime)
                measured["faults"].append(r1.ru_minflt - r0.ru_minflt)
        for size, path in by_size.items():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            measured = samples[size]
            rows.setdefault(name, {})[size] = {
                "status": response.status_code,
                "cpu": statistics.median(measured["cpu"]) * 1000,
                "wall": statistics.median(measured["wall"]) * 1000,
                "queries": len(queries),
                "kb": len(response.content) / 1024,
                "sys": statistics.median(measured["sys"]) * 1000,
                "faults": statistics.median(measured["faults"]),
            }
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(f"Pages, in-process on {engine}, median of {REPEAT} requests (CPU of this process)")
    print(
        f"{'page':24} {'cpu small':>10} {'cpu large':>10} {'cpu xl':>10} {'l/s':>5} {'xl/l':>5} "
        f"{'wall large':>10} {'queries s/l/xl':>14} {'kB large':>9} {'sys large':>9} {'faults':>7}"
    )
    for name, by_size in rows.items():
        s, large, xl = by_size["small"], by_size["large"], by_size["xl"]
        statuses = {r["status"] for r in by_size.values()}
        flag = ""
        if statuses != {200}:
            flag = f"  status {s['status']}/{large['status']}/{xl['status']}"
        print(
            f"{name:24} {s['cpu']:8.1f}ms {large['cpu']:8.1f}ms {xl['cpu']:8.1f}ms "
            f"{large['cpu'] / s['cpu']:5.2f} {xl['cpu'] / large['cpu']:5.2f} "
            f"{large['wall']:8.1f}ms {s['queries']:4d}/{large['queries']:4d}/{xl['queries']:<4d} "
            f"{large['kb']:9.0f} {large['sys']:7.1f}ms {large['faults']:7.0f}{flag}"
        )
    totals = {size: sum(r[size]["cpu"] for r in rows.values()) for size in SIZES}
    print(
        f"{'all pages':24} {totals['small']:8.1f}ms {totals['large']:8.1f}ms {totals['xl']:8.1f}ms"
    )


if __name__ == "__main__":
    main()
