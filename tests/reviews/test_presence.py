import pytest
from django.core.cache import cache
from django.urls import reverse

from plans.sections.items import item_update
from reviews import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_a_section_page_shows_who_else_is_there_and_if_they_edit(client_for, plan, planner, owner):
    url = reverse("reviews:presence", kwargs={"plan": plan.uuid})
    client_for(owner).get(url, {"section": "objectives", "editing": "1"})
    response = client_for(planner).get(url, {"section": "objectives"})
    html = response.content.decode()
    assert owner.name in html and "editing" in html
    assert planner.name not in html


def test_a_change_by_someone_else_tells_the_page_to_refresh_its_lists(
    client_for, plan, planner, owner, goal
):
    url = reverse("reviews:presence", kwargs={"plan": plan.uuid})
    seen = selectors.section_token(selectors.section_last_changes(plan)["objectives"])
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
