"""Every list a phase app declares is drawn on its page, with its filters and rows: a page that
names a list wrongly (``c=`` of another name) would show nothing, silently."""

import importlib
import random

import pytest
from django.apps import apps

from plans.models import Membership, Role
from plans.sections import registry
from plans.sections.collection import InlineCollection

pytestmark = pytest.mark.django_db


def declared_lists():
    found = []
    for config in apps.get_app_configs():
        if config.name in {
            "plans",
            "reviews",
            "discussions",
            "approvals",
            "history",
            "notifications",
            "documents",
            "accounts",
        }:
            continue
        for module_name in ("views", "stakeholders_views"):
            try:
                module = importlib.import_module(f"{config.name}.{module_name}")
            except ModuleNotFoundError:
                continue
            found += [v for v in vars(module).values() if isinstance(v, InlineCollection)]
    return found


LISTS = declared_lists()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from django.db import transaction

    from plans.demo import demo_plan

    # Rolled back after the module, history included: a plan deleted instead would leave the
    # history of every item (and of its deletion) to the tests that count history rows.
    with django_db_blocker.unblock(), transaction.atomic():
        plan, owner = demo_plan(size="small")
        rng = random.Random(3)
        for section in registry.demo_order():
            if section.demo:
                section.demo(plan, size="small", user=owner, rng=rng)
        yield plan
        transaction.set_rollback(True)


def test_every_phase_declares_lists():
    assert {c.section_key for c in LISTS} >= {s.key for s in registry.all()}


@pytest.mark.parametrize(
    "collection", [c for c in LISTS if c.parent is None], ids=lambda c: c.dom_id
)
def test_the_list_is_drawn_on_its_page_with_its_rows(client, demo, collection):
    planner = Membership.objects.filter(plan=demo, role=Role.PLANNER).first().user
    client.force_login(planner)
    html = client.get(collection.page_url(demo)).content.decode()
    assert f'id="{collection.dom_id}"' in html
    items = collection.get_items(demo, filters={})
    assert items, f"the demo plan has no {collection.name}"
    assert f'id="{collection.dom_id}-{items[0].pk}"' in html
    if collection.list_filter.search or collection.list_filter.exact:  # a filter of its own
        assert f'hx-target="#{collection.dom_id}"' in html
