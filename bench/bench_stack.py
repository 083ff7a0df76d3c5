"""CPU time and page faults of section pages at many starting stack depths (plans/stack.py).

Seeds the large demo plan in a database of its own (`planner_bench_stack`, or `BENCH_DB`), then
requests each page through Django's test client from N nested calls, for N from 0 to 140 in steps
of 10 (a 16 KiB frame stack chunk holds about 140 of these calls): per page, the median CPU time
and minor page faults per request at the cheapest, the median and the dearest depth. With
`StackChunkMiddleware` the three agree; without it (`BENCH_NO_STACK_CHUNK=1`) a page's cost
depends on the depth it starts from, up to twice as much.
"""

import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("BENCH_DB", "planner_bench_stack")
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
DEPTHS = range(0, 141, 10)
PAGES = os.environ.get("BENCH_PAGES", "objectives,resources,risks,monitoring,actions").split(",")


def nested(depth, function):
    return function() if depth == 0 else nested(depth - 1, function)


def main():
    from bench_pages import database_url, reset_postgres

    url, postgres = database_url()
    if postgres:
        reset_postgres(url)
    else:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planner.settings")
    os.environ["DEBUG"] = "0"
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from plans.models import Plan
    from plans.sections import registry

    settings.ALLOWED_HOSTS = ["*"]
    settings.AXES_ENABLED = False
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    if os.environ.get("BENCH_NO_STACK_CHUNK"):
        settings.MIDDLEWARE = [
            m for m in settings.MIDDLEWARE if not m.endswith("StackChunkMiddleware")
        ]
    call_command("migrate", verbosity=0)
    call_command("seed_demo", size="large", verbosity=0)
    plan = Plan.objects.order_by("-id").first()
    client = Client()
    client.force_login(plan.created_by)

    def measure(path):
        cpu, faults = [], []
        for _ in range(REPEAT):
            f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            c0 = time.process_time()
            client.get(path)
            cpu.append((time.process_time() - c0) * 1000)
            faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0)
        return statistics.median(cpu), statistics.median(faults)

    print(f"CPU ms / page faults per request, median of {REPEAT}, at depths 0..140 step 10")
    print(f"{'page':12} {'cheapest':>14} {'median':>14} {'dearest':>14}")
    for key in PAGES:
        path = registry.get(key).url(plan)
        client.get(path)
        runs = sorted(nested(depth, lambda path=path: measure(path)) for depth in DEPTHS)
        mid = runs[len(runs) // 2]
        cells = [f"{ms:6.1f}/{faults:<7.0f}" for ms, faults in (runs[0], mid, runs[-1])]
        print(f"{key:12} " + " ".join(f"{cell:>14}" for cell in cells))


if __name__ == "__main__":
    main()
