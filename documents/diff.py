"""What changed between two snapshots, for the appendix of the document.

Generic over the registry: sections are compared as plain JSON. Lists of objects that carry an
``id`` are matched by it (so a reordered or edited item is a change, not a removal plus an
addition); other values are compared as a whole.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

LABEL_KEYS = ("title", "statement", "name", "label", "description", "activity", "message")
IGNORED_KEYS = {"id", "position", "uuid"}


@dataclass
class Change:
    kind: str  # "added", "removed", "changed"
    item: str  # what the change is about ("Goal: Halve injuries")
    field: str = ""
    old: str = ""
    new: str = ""


@dataclass
class SectionChanges:
    title: str
    changes: list = field(default_factory=list)


def humanize(key):
    return str(key).replace("_", " ").strip().capitalize()


def _text(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            return "; ".join(_text(v) for v in value)
        return _("%(count)s items") % {"count": len(value)}
    if isinstance(value, dict):
        label = _label(value)
        return label or _("%(count)s fields") % {"count": len(value)}
    return str(value)


def _label(item):
    if not isinstance(item, dict):
        return _text(item)
    for key in LABEL_KEYS:
        if item.get(key):
            return str(item[key])
    for key, value in item.items():
        if key not in IGNORED_KEYS and isinstance(value, str) and value:
            return value
    return ""


def _is_keyed_list(value):
    return (
        isinstance(value, list) and value and all(isinstance(v, dict) and "id" in v for v in value)
    )


def _compare(old, new, path, item, out):
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            if key in IGNORED_KEYS:
                continue
            _compare(old.get(key), new.get(key), path + [key], item, out)
        return
    keyed_or_empty = all(_is_keyed_list(v) or v in (None, []) for v in (old, new))
    if keyed_or_empty and (_is_keyed_list(old) or _is_keyed_list(new)):
        _compare_items(old or [], new or [], path, out)
        return
    out.append(
        Change(
            kind="changed",
            item=item,
            field=" › ".join(humanize(p) for p in path),
            old=_text(old),
            new=_text(new),
        )
    )


def _compare_items(old, new, path, out):
    kind_label = humanize(path[-1]) if path else ""
    old_by_id = {o["id"]: o for o in old}
    new_by_id = {n["id"]: n for n in new}
    for item in new:
        label = f"{kind_label}: {_label(item)}" if kind_label else _label(item)
        if item["id"] not in old_by_id:
            out.append(Change(kind="added", item=label))
        else:
            _compare(old_by_id[item["id"]], item, [], label, out)
    for item in old:
        if item["id"] not in new_by_id:
            label = f"{kind_label}: {_label(item)}" if kind_label else _label(item)
            out.append(Change(kind="removed", item=label))


def snapshot_diff(old, new, section_titles):
    """Changes from ``old`` to ``new`` (full snapshots), grouped by section in guide order.

    ``section_titles`` maps section keys to titles, in the order to report them. Sections of
    the snapshots that are not registered any more are reported under their key.
    """
    result = []
    plan_changes = []
    old_plan, new_plan = old.get("plan", {}), new.get("plan", {})
    for key in new_plan:
        if key in IGNORED_KEYS or f"{key}_label" in new_plan:
            continue  # a coded value is reported through its readable label
        if old_plan.get(key) != new_plan.get(key):
            name = key.removesuffix("_label")
            plan_changes.append(
                Change(
                    kind="changed",
                    item=_("Plan details"),
                    field=humanize(name),
                    old=_text(old_plan.get(key)),
                    new=_text(new_plan.get(key)),
                )
            )
    if plan_changes:
        result.append(SectionChanges(title=_("Plan details"), changes=plan_changes))
    old_sections, new_sections = old.get("sections", {}), new.get("sections", {})
    keys = list(section_titles) + [
        k for k in list(old_sections) + list(new_sections) if k not in section_titles
    ]
    seen = set()
    for key in keys:
        if key in seen:
            continue
        seen.add(key)
        title = str(section_titles.get(key, humanize(key)))
        changes = []
        if key not in old_sections and key in new_sections:
            changes.append(Change(kind="added", item=title))
        elif key in old_sections and key not in new_sections:
            changes.append(Change(kind="removed", item=title))
        elif key in old_sections:
            _compare(old_sections[key], new_sections[key], [], title, changes)
        if changes:
            result.append(SectionChanges(title=title, changes=changes))
    return result
