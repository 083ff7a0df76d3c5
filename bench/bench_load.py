"""Load benchmark: gunicorn on PostgreSQL, loaded by locust from a second process.

Prints requests/s, p50/p95/p99 and errors per page, each page's ratio to the reference page
(the smallest authenticated page, measured in the same run), the query count of every GET
endpoint of a plan (found in the URLconf) for the small and the large demo plan, and checks
that no posted comment or inline save was lost.

Nothing passes or fails on time, but the exit status is 1 when a request failed (locust counts
a write that did not happen as a failure), when the comments stored differ from the comments
posted, when a saved value is not in the database, or when a page answers 5xx.
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
        # The load benchmark measures the web process alone: no broker, tasks asked in-process.
        TASKS_IN_PROCESS="1",
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
    from discussions import bench as discussions_bench
    targets.update(discussions_bench.targets(large))
except ImportError:
    pass
print(json.dumps(targets))
"""
    out = subprocess.run(
        [PY, "-c", code], cwd=BASE, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def query_counts(env):
    """Queries of every GET endpoint of a plan, small plan and large plan: the URLconf is
    walked like tests/security/test_permission_matrix.py does (every ``plan_view``), objects
    taken from each plan. Rows: (name, kind, small, large)."""
    code = r"""
import json, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from plans.models import Membership, Plan, Role

def plan_patterns():
    found = []
    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and hasattr(p.callback, "plan_capability"):
                if "GET" in p.callback.plan_methods:
                    found.append((f"{namespace}:{p.name}" if namespace else p.name, p.callback))
    walk(get_resolver().url_patterns, None)
    return found

def url_for(name, callback, plan):
    kwargs = {"plan": plan.uuid}
    for kwarg, model in callback.plan_objects.items():
        obj = model.objects.filter(plan=plan).order_by("pk").first()
        if obj is None:
            return None, f"no {model.__name__}"
        kwargs[kwarg] = obj.pk
    return reverse(name, kwargs=kwargs), None

def kind(response):
    if response.status_code in (301, 302, 303):
        return "redirect"
    content_type = response.get("Content-Type", "")
    if not content_type.startswith("text/html"):
        return content_type.split(";")[0] or "?"
    return "page" if b"<html" in response.content[:500] else "fragment"

plans = {"small": Plan.objects.get(title__startswith="Safer routes"),
         "large": Plan.objects.get(title__startswith="Regional public-health")}
user = Membership.objects.filter(plan=plans["small"], role=Role.OWNER).first().user
c = Client(raise_request_exception=False)
c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
rows = []
for name, callback in sorted(plan_patterns()):
    warm, _ = url_for(name, callback, plans["small"])
    if warm:
        c.get(warm, SERVER_NAME="127.0.0.1")  # warm per-process caches first
    counts, kinds = {}, set()
    for size, plan in plans.items():
        url, missing = url_for(name, callback, plan)
        if url is None:
            counts[size] = missing
            continue
        with CaptureQueriesContext(connection) as ctx:
            response = c.get(url, SERVER_NAME="127.0.0.1")
        if response.status_code in (200, 301, 302, 303):
            counts[size] = len(ctx.captured_queries)
            kinds.add(kind(response))
        else:
            counts[size] = f"HTTP {response.status_code}"
    rows.append((name, "/".join(sorted(kinds)) or "-", counts["small"], counts["large"]))
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
    results_file = work / "results.json"
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
        locust_env = dict(env, BENCH_TARGETS=str(targets_file), BENCH_RESULTS=str(results_file))
        locust = subprocess.run(
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
    problems = []
    stats_csv = work / "stats_stats.csv"
    if not stats_csv.exists():
        sys.exit(f"locust produced no statistics (exit status {locust.returncode})")
    problems += report(stats_csv, seed_seconds)
    problems += report_failures(work / "stats_failures.csv")
    print("\nQueries per GET endpoint of a plan (small plan / large plan):")
    for name, kind, small, large in query_counts(env):
        grows = isinstance(small, int) and isinstance(large, int) and large > small
        flag = "   <-- grows with the plan" if grows else ""
        print(f"  {name:40} {kind:10} {small!s:>12} {large!s:>12}{flag}")
        problems += [f"{name}: {v}" for v in (small, large) if str(v).startswith("HTTP 5")]
    results = json.loads(results_file.read_text()) if results_file.exists() else None
    if results is None:
        problems.append("locust wrote no results (the checks of the writes could not run)")
    else:
        problems += check_saves(env, targets, results)
        problems += check_comments(env, targets, results)
    shutil.rmtree(work, ignore_errors=True)
    if problems:
        print("\nFAILED:")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print("\nNo request failed, every write was stored.")
    return 0


def report(stats_csv, seed_seconds):
    """Print the table; return the problems (failed requests)."""
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
    problems = [
        f"{r['Name']}: {r['Failure Count']} of {r['Request Count']} requests failed"
        for r in rows
        if r["Name"] != "Aggregated" and int(r["Failure Count"])
    ]
    if not agg or not int(agg["Request Count"]):
        problems.append("no request was made")
    return problems


def report_failures(failures_csv):
    """Print why requests failed (locust's failures file), at most ten reasons."""
    if not failures_csv.exists():
        return []
    rows = list(csv.DictReader(open(failures_csv)))  # noqa: SIM115
    if rows:
        print("\nFailures (occurrences, request, reason):")
        for r in rows[:10]:
            print(f"  {r['Occurrences']:>5}  {r['Method']} {r['Name']}: {r['Error'][:150]}")
    return []  # counted in report()


def check_saves(env, targets, results):
    """Each goal saved during the load holds the value saved last."""
    saved = results.get("saved_last") or {}
    if not saved:
        # Attempts that failed are counted as failed requests; none at all: a very short run.
        print("\nInline saves: none succeeded (not checked)")
        return []
    # A save cut off by the end of the run may have been stored: either value is right.
    cut_off = results.get("in_flight") or {}
    expected = {
        url: [last, *([cut_off[url]] if url in cut_off else [])] for url, last in saved.items()
    }
    code = r"""
import json, sys, django
django.setup()
from django.urls import resolve
from objectives.models import Goal
saved = json.load(sys.stdin)
wrong = []
for url, statements in saved.items():
    goal = Goal.objects.get(pk=resolve(url).kwargs["pk"])
    if goal.statement not in statements:
        wrong.append(f"{url}: stored {goal.statement!r}, saved last {statements[0]!r}")
print(json.dumps(wrong))
"""
    out = subprocess.run(
        [PY, "-c", code],
        cwd=BASE,
        env=env,
        input=json.dumps(expected),
        check=True,
        capture_output=True,
        text=True,
    )
    wrong = json.loads(out.stdout.strip().splitlines()[-1])
    verdict = "all stored" if not wrong else f"{len(wrong)} NOT STORED"
    print(f"\nInline saves: {results.get('saves', 0)}, on {len(saved)} goals -> {verdict}")
    return [f"inline save lost: {w}" for w in wrong]


def check_comments(env, targets, results):
    if not targets.get("comment_url"):
        print("\n(no comment endpoint yet: comment posting not measured)")
        return []
    # Counted by locust as each was accepted (its CSV can miss the last requests of the run).
    posted = int(results.get("comments", 0))
    code = (
        "import django; django.setup(); from discussions import bench; "
        f"print(bench.stored_comments({targets['comment_marker']!r}))"
    )
    out = subprocess.run(
        [PY, "-c", code], cwd=BASE, env=env, check=True, capture_output=True, text=True
    )
    stored = int(out.stdout.strip().splitlines()[-1])
    verdict = "no comment lost" if stored == posted else "MISMATCH"
    print(f"\nComments posted successfully: {posted}; stored: {stored} -> {verdict}")
    if stored != posted:
        return [f"comments posted successfully: {posted}, stored: {stored}"]
    return []


if __name__ == "__main__":
    sys.exit(main())
