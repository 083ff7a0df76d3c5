"""Load benchmark: gunicorn on PostgreSQL, loaded by locust from a second process.

Prints requests/s, p50/p95/p99 and errors per page, each page's ratio to the reference page
(the smallest authenticated page, measured in the same run), the query count of every page for
the small and the large demo plan, and checks that no posted comment was lost.
Figures only: nothing passes or fails on time.
"""

import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
PY = sys.executable
USERS = int(os.environ.get("BENCH_USERS", "12"))
DURATION = os.environ.get("BENCH_DURATION", "40s")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_env():
    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/planner")
    if not base_url.startswith("postgres"):
        sys.exit("The load benchmark needs PostgreSQL (DATABASE_URL).")
    db_url = base_url.rsplit("/", 1)[0] + "/planner_bench"
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CELERY_BROKER_URL")}
    env.update(
        DATABASE_URL=db_url,
        DEBUG="0",
        SECRET_KEY="bench-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        EMAIL_URL="dummymail://",
        STATIC_ROOT=str(BASE / "var" / "bench-static"),
        DJANGO_SETTINGS_MODULE="planner.settings",
        LOG_LEVEL="WARNING",
    )
    return env, db_url


def recreate_database(db_url):
    import psycopg2

    admin = db_url.rsplit("/", 1)[0] + "/postgres"
    conn = psycopg2.connect(admin)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("DROP DATABASE IF EXISTS planner_bench WITH (FORCE)")
        cur.execute("CREATE DATABASE planner_bench")
    conn.close()


def manage(env, *args):
    subprocess.run([PY, "manage.py", *args], cwd=BASE, env=env, check=True)


def prepare(env):
    """Targets for locust, computed inside Django with the bench database."""
    code = r"""
import json, django
django.setup()
from django.urls import reverse
from plans.models import Plan
from plans.sections import registry
from plans.demo import DEMO_PASSWORD
large = Plan.objects.get(title__startswith="Regional public-health")
from objectives.models import Goal
goals = list(Goal.objects.filter(plan=large)[:40])
targets = {
    "login": "planner@demo.planner.test",
    "password": DEMO_PASSWORD,
    "overview": reverse("plans:overview", kwargs={"plan": large.uuid}),
    "sections": {s.key: s.url(large) for s in registry.all()},
    "goal_edit_urls": [
        reverse("objectives:goals_edit", kwargs={"plan": large.uuid, "pk": g.pk}) for g in goals
    ],
    "goal_data": {"statement": "Bench goal", "metric": "m", "baseline": "1", "target": "2"},
}
try:
    from reviews import bench as reviews_bench
    targets.update(reviews_bench.targets(large))
except ImportError:
    pass
print(json.dumps(targets))
"""
    out = subprocess.run(
        [PY, "-c", code], cwd=BASE, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def query_counts(env):
    code = r"""
import json, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from plans.models import Membership, Plan, Role
from plans.sections import registry
rows = []
plans = {"small": Plan.objects.get(title__startswith="Safer routes"),
         "large": Plan.objects.get(title__startswith="Regional public-health")}
user = Membership.objects.filter(plan=plans["small"], role=Role.OWNER).first().user
c = Client()
c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
pages = [("overview", lambda p: reverse("plans:overview", kwargs={"plan": p.uuid})),
         ("history", lambda p: reverse("plans:history", kwargs={"plan": p.uuid}))]
pages += [(f"section {s.key}", s.url) for s in registry.all()]
for name, url in pages:
    c.get(url(plans["small"]), SERVER_NAME="127.0.0.1")  # warm per-process caches first
    counts = {}
    for size, plan in plans.items():
        with CaptureQueriesContext(connection) as ctx:
            status = c.get(url(plan), SERVER_NAME="127.0.0.1").status_code
        counts[size] = len(ctx.captured_queries) if status == 200 else f"HTTP {status}"
    rows.append((name, counts["small"], counts["large"]))
print(json.dumps(rows))
"""
    out = subprocess.run(
        [PY, "-c", code], cwd=BASE, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def wait_until_up(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up")


def main():
    env, db_url = bench_env()
    print(f"Preparing the benchmark database (PostgreSQL, {db_url.rsplit('/', 1)[1]})...")
    recreate_database(db_url)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--quiet")
    t0 = time.perf_counter()
    manage(env, "seed_demo", "--quiet", "--size", "large")
    seed_seconds = time.perf_counter() - t0
    manage(env, "collectstatic", "--noinput", "-v0")
    targets = prepare(env)
    work = Path(tempfile.mkdtemp(prefix="planner-bench-"))
    targets_file = work / "targets.json"
    targets_file.write_text(json.dumps(targets))
    port = free_port()
    gunicorn = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "planner.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=BASE,
        env=env,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz")
        print(f"gunicorn on 127.0.0.1:{port}; locust: {USERS} users for {DURATION}")
        locust_env = dict(env, BENCH_TARGETS=str(targets_file))
        subprocess.run(
            [
                str(Path(PY).parent / "locust"),
                "-f",
                str(BASE / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(USERS),
                "-r",
                str(USERS),
                "-t",
                DURATION,
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(work / "stats"),
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--stop-timeout",
                "5",
            ],
            cwd=BASE,
            env=locust_env,
            check=False,
            stdout=subprocess.DEVNULL,
        )
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    report(work / "stats_stats.csv", seed_seconds)
    print("\nQueries per page (small plan / large plan):")
    for name, small, large in query_counts(env):
        grows = isinstance(small, int) and isinstance(large, int) and large > small
        flag = "   <-- grows with the plan" if grows else ""
        print(f"  {name:32} {small!s:>6} {large!s:>6}{flag}")
    check_comments(env, targets, work)
    shutil.rmtree(work, ignore_errors=True)


def report(stats_csv, seed_seconds):
    rows = list(csv.DictReader(open(stats_csv)))  # noqa: SIM115
    by_name = {r["Name"]: r for r in rows}
    ref = by_name.get("reference")
    ref_p50 = float(ref["Median Response Time"]) if ref else None
    print(f"\nseed_demo --size large: {seed_seconds:.1f} s")
    header = ("page", "req", "err", "req/s", "p50", "p95", "p99", "p50/ref")
    print("\n{:32} {:>6} {:>5} {:>7} {:>6} {:>6} {:>6} {:>8}".format(*header))
    for r in rows:
        if r["Name"] in ("Aggregated",) or r["Name"].startswith("login"):
            continue
        p50 = float(r["Median Response Time"])
        ratio = f"{p50 / ref_p50:.1f}x" if ref_p50 else "-"
        print(
            f"{r['Name']:32} {r['Request Count']:>6} {r['Failure Count']:>5} "
            f"{float(r['Requests/s']):7.1f} {p50:6.0f} {float(r['95%']):6.0f} "
            f"{float(r['99%']):6.0f} {ratio:>8}"
        )
    agg = by_name.get("Aggregated")
    if agg:
        print(
            f"{'all requests':32} {agg['Request Count']:>6} {agg['Failure Count']:>5} "
            f"{float(agg['Requests/s']):7.1f}   (times in ms)"
        )


def check_comments(env, targets, work):
    if not targets.get("comment_url"):
        print("\n(no comment endpoint yet: comment posting not measured)")
        return
    rows = {r["Name"]: r for r in csv.DictReader(open(work / "stats_stats.csv"))}  # noqa: SIM115
    row = rows.get("post comment")
    posted = int(row["Request Count"]) - int(row["Failure Count"]) if row else 0
    code = (
        "import django; django.setup(); from reviews import bench; "
        f"print(bench.stored_comments({targets['comment_marker']!r}))"
    )
    out = subprocess.run(
        [PY, "-c", code], cwd=BASE, env=env, check=True, capture_output=True, text=True
    )
    stored = int(out.stdout.strip().splitlines()[-1])
    verdict = "no comment lost" if stored == posted else "MISMATCH"
    print(f"\nComments posted successfully: {posted}; stored: {stored} -> {verdict}")


if __name__ == "__main__":
    main()
