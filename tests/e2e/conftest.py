import pytest
from django.core.management import call_command

from plans.demo import DEMO_PASSWORD
from plans.models import Plan


@pytest.fixture
def demo_plan(transactional_db):
    call_command("seed_demo", "--quiet")
    return Plan.objects.get(title__startswith="Safer routes")


@pytest.fixture
def sign_in(live_server):
    def do(page, email, password=DEMO_PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("E-mail or username").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")

    return do


def check_accessibility(page, name):
    """axe-core on the current page: no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, f"{name}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes'][:3]]}"
        for v in bad
    )
