"""Compare two plan snapshots section by section: added, removed and changed items and fields.

Generic over the snapshot JSON every section produces: lists of objects are matched by their
``id`` (or by position when they have none), nested objects field by field, plain lists as sets.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from plans.sections import registry

LABEL_KEYS = ("title", "name", "statement", "label", "description", "audience", "summary")


@dataclass
class Row:
    kind: str  # "added", "removed" or "changed"
    where: str  # the path of the item, readable: "Goals › Halve injuries"
    field: str = ""
    old: str = ""
    new: str = ""


@dataclass
class SectionDiff:
    key: str
    title: str
    rows: list = field(default_factory=list)

    @property
    def counts(self):
        return {
            k: sum(1 for r in self.rows if r.kind == k) for k in ("added", "removed", "changed")
        }


def humanise(key):
    return str(key).replace("_", " ").capitalize()


def text(value):
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(
            f"{humanise(k)}: {text(v)}" for k, v in value.items() if v not in (None, "")
        )
    return str(value)


def label(item, index):
    if isinstance(item, dict):
        for key in LABEL_KEYS:
            if item.get(key):
                return str(item[key])[:120]
        if "id" in item:
            return f"#{item['id']}"
    return f"#{index + 1}"


def _is_item_list(value):
    return isinstance(value, list) and value and all(isinstance(v, dict) for v in value)


def diff(old, new, where, rows):
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            if key == "id":
                continue
            a, b = old.get(key), new.get(key)
            if a == b:
                continue
            if isinstance(a, dict | list) or isinstance(b, dict | list):
                diff(a, b, f"{where} › {humanise(key)}" if where else humanise(key), rows)
                continue
            rows.append(Row("changed", where, humanise(key), text(a), text(b)))
        return
    if isinstance(old, list | type(None)) and isinstance(new, list | type(None)):
        old, new = old or [], new or []
        if _is_item_list(old) or _is_item_list(new):
            keyed = all("id" in v for v in old + new if isinstance(v, dict))
            if keyed:
                before = {v["id"]: (i, v) for i, v in enumerate(old)}
                after = {v["id"]: (i, v) for i, v in enumerate(new)}
            else:
                before = dict(enumerate(old))
                before = {k: (k, v) for k, v in before.items()}
                after = {k: (k, v) for k, v in enumerate(new)}
            for key, (i, item) in after.items():
                name = f"{where} › {label(item, i)}"
                if key not in before:
                    rows.append(Row("added", name, new=text(_without_id(item))))
                else:
                    diff(before[key][1], item, name, rows)
            for key, (i, item) in before.items():
                if key not in after:
                    rows.append(
                        Row("removed", f"{where} › {label(item, i)}", old=text(_without_id(item)))
                    )
            return
        for value in new:
            if value not in old:
                rows.append(Row("added", where, new=text(value)))
        for value in old:
            if value not in new:
                rows.append(Row("removed", where, old=text(value)))
        return
    if old is None and isinstance(new, dict):
        rows.append(Row("added", where, new=text(new)))
        return
    if new is None and isinstance(old, dict):
        rows.append(Row("removed", where, old=text(old)))
        return
    rows.append(Row("changed", where, "", text(old), text(new)))


def _without_id(item):
    if isinstance(item, dict):
        return {k: v for k, v in item.items() if k != "id"}
    return item


def compare_snapshots(old, new):
    """A ``SectionDiff`` per section (registered or present in either snapshot), guide order."""
    old_sections = (old or {}).get("sections", {})
    new_sections = (new or {}).get("sections", {})
    keys = [s.key for s in registry.all()]
    keys += [k for k in list(old_sections) + list(new_sections) if k not in keys]
    result = []
    seen = set()
    for key in keys:
        if key in seen:
            continue
        seen.add(key)
        title = str(registry.get(key).title) if key in registry else humanise(key)
        section = SectionDiff(key=key, title=title)
        diff(old_sections.get(key), new_sections.get(key), "", section.rows)
        for row in section.rows:
            row.where = row.where.lstrip(" ›")
        result.append(section)
    details = SectionDiff(key="plan", title=_("Plan details"))
    diff((old or {}).get("plan"), (new or {}).get("plan"), "", details.rows)
    details.rows = [r for r in details.rows if not r.field.endswith("label")]
    return [details, *result]
