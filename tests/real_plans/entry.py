"""Real published plans, typed in through the app's own forms.

A fixture (``tests/fixtures/real_plans/*.json``) is a plan as its source writes it:

    {"source": "...", "language": "fr",
     "plan": {form fields of the new-plan form},
     "items": [{"add": "monitoring:kpis", "ref": "kpi-daily", "data": {...},
                "parent": {"kpi": "@kpi-daily"}, "prints": ["text the PDF must show"]}, ...]}

``add`` names an item list (``<app>:<list>``, its ``<list>_add`` URL) or a one-object edit
(``<app>:<name>`` with ``"edit": true``, its ``<name>_edit`` URL). Values are what a planner types
(French decimals in a French plan); ``"@ref"`` stands for the id of an item entered before, a list
of them for a multiple choice. A field left out of ``data`` is not posted at all: the planner did
not touch it.
"""

import json
from pathlib import Path

from django.urls import reverse

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "real_plans"


def fixtures():
    return sorted(FIXTURES.glob("*.json"))


def load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def resolve(value, refs):
    if isinstance(value, list):
        return [resolve(v, refs) for v in value]
    if isinstance(value, str) and value.startswith("@"):
        return str(refs[value[1:]].pk)
    return value


def item_url(plan, item, refs):
    from tests.real_plans.collections import collection

    declared = collection(item["add"])
    suffix = "edit" if item.get("edit") else "add"
    url = reverse(f"{declared.section_key}:{declared.name}_{suffix}", kwargs={"plan": plan.uuid})
    parent = item.get("parent")
    if parent:
        ((key, ref),) = parent.items()
        url += f"?{key}={resolve(ref, refs)}"
    return url


def post_data(item, refs):
    data = {key: resolve(value, refs) for key, value in item.get("data", {}).items()}
    for key, ref in (item.get("parent") or {}).items():
        data[key] = resolve(ref, refs)
    return data
