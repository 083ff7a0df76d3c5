import pytest
from django.core.cache import cache
from django.urls import reverse

from plans import history as plans_history
from plans.sections.items import item_update

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_a_section_page_shows_who_else_is_there_and_if_they_edit(client_for, plan, planner, owner):
    url = reverse("discussions:presence", kwargs={"plan": plan.uuid})
    client_for(owner).get(url, {"section": "objectives", "editing": "1"})
    response = client_for(planner).get(url, {"section": "objectives"})
    html = response.content.decode()
    assert owner.name in html and "editing" in html
    assert planner.name not in html


def test_a_change_by_someone_else_tells_the_page_to_refresh_its_lists(
    client_for, plan, planner, owner, goal
):
    url = reverse("discussions:presence", kwargs={"plan": plan.uuid})
    seen = plans_history.section_token(plans_history.section_last_changes(plan)["objectives"])
    quiet = client_for(planner).get(url, {"section": "objectives", "seen": seen})
    assert "HX-Trigger" not in quiet
    item_update(instance=goal, data={"unit": "pupils"}, expected_version=1, user=owner)
    changed = client_for(planner).get(url, {"section": "objectives", "seen": seen})
    assert changed["HX-Trigger"] == "planner:section-changed"


def test_the_section_page_polls_presence_and_its_lists_can_refresh(client_for, plan, planner):
    html = client_for(planner).get(reverse("objectives:page", kwargs={"plan": plan.uuid}))
    html = html.content.decode()
    assert 'class="js-presence' in html
    assert 'data-refresh-url="/plans/' in html


def test_heartbeats_at_the_same_moment_from_many_processes_all_count(plan):
    """Each heartbeat writes only its own field: none is lost to another's read-modify-write
    (the former single value lost them when two web processes answered at once)."""
    import threading

    from django.db import connections

    from discussions import presence
    from tests.accounts.factories import UserFactory

    people = [UserFactory() for _ in range(12)]
    start = threading.Barrier(len(people))

    def beat(person):
        start.wait()
        for _ in range(5):
            presence.heartbeat(plan=plan, section_key="risks", user=person)
        connections.close_all()

    threads = [threading.Thread(target=beat, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    watcher = UserFactory()
    seen = presence.heartbeat(plan=plan, section_key="risks", user=watcher)
    assert sorted(v["name"] for v in seen) == sorted(p.name for p in people)


def test_someone_silent_for_longer_than_the_ttl_is_no_longer_shown(
    plan, owner, planner, monkeypatch
):
    import time

    from discussions import presence

    presence.heartbeat(plan=plan, section_key="risks", user=owner)
    later = time.time() + presence.TTL + 1
    with monkeypatch.context() as patched:
        patched.setattr(presence.time, "time", lambda: later)
        assert presence.heartbeat(plan=plan, section_key="risks", user=planner) == []
    presence.leave(plan=plan, section_key="risks", user=planner)
    assert presence.heartbeat(plan=plan, section_key="risks", user=owner) == []


def test_the_heartbeat_answers_without_presence_when_the_cache_is_down(
    client_for, plan, planner, owner, settings
):
    from discussions import presence

    presence.heartbeat(plan=plan, section_key="objectives", user=owner)
    client = client_for(planner)  # signed in first: sessions are not in the cache anyway
    # Django's test signals drop the cache connections when CACHES changes (and when the
    # fixture puts it back).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Nothing listens there: every cache call fails to connect.
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    url = reverse("discussions:presence", kwargs={"plan": plan.uuid})
    response = client.get(url, {"section": "objectives"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="js-presence' in html and owner.name not in html
