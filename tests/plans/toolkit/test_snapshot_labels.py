"""Every key of every section's snapshot is declared, so that the version compare, the PDF's
changes appendix and history print a verbose name and a display value, never an internal name.

Walks the demo plan's real snapshot: a section that adds a key without declaring it fails here.
"""

import random

import pytest

from plans.sections import registry
from plans.versions import plan_snapshot

pytestmark = pytest.mark.django_db


def undeclared(section, data):
    """The snapshot keys of ``section`` that no declaration names, as readable paths."""
    missing = []

    def rows_of(value):
        if isinstance(value, dict):
            return [value]
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            return value
        return None

    def walk(item_type, rows, where):
        for row in rows:
            for key, value in row.items():
                if not item_type.knows(key):
                    missing.append(f"{where}.{key}")
                    continue
                nested = section.item_type(key)
                inner = rows_of(value)
                if nested is not None and inner:
                    walk(nested, inner, f"{where}.{key}")

    for key, value in (data or {}).items():
        if key in section.derived:
            continue
        item_type = section.item_type(key)
        if item_type is None:
            missing.append(key)
            continue
        rows = rows_of(value)
        if rows:
            walk(item_type, rows, key)
    return sorted(set(missing))


@pytest.fixture
def demo_snapshot(django_user_model):
    from plans.demo import demo_plan

    plan, owner = demo_plan(size="small")
    rng = random.Random(1)
    for section in registry.demo_order():
        if section.demo:
            section.demo(plan, size="small", user=owner, rng=rng)
    return plan_snapshot(plan)


@pytest.mark.parametrize("key", registry.keys())
def test_every_snapshot_key_has_a_declared_label(demo_snapshot, key):
    section = registry.get(key)
    assert section.items, f"{key} declares no item types"
    assert undeclared(section, demo_snapshot["sections"][key]) == []


@pytest.mark.parametrize("key", registry.keys())
def test_labels_are_verbose_names_not_field_names(key):
    for item_type in registry.get(key).items:
        for name in item_type.fields:
            label = item_type.label(name)
            assert label and "_" not in label, f"{key}.{item_type.key}.{name}: {label!r}"
