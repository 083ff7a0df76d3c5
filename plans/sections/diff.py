"""What changed between two plan snapshots, section by section, as a reader names things.

One differ for the version compare page and the PDF's changes appendix. It reads labels and
display values from the item declarations (``Section.items``, ``snapshot.ItemType``), so a
reader sees "Target date: 30 June 2027", never ``target_date: 2027-06-30``; a choice is shown by
its label, never its stored value. Lists of items are matched by ``id`` (a reordered or edited
item is a change, not a removal plus an addition); keys a section declares as ``derived``
(totals, chart series) are not reported, the items' own changes say what changed.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .registry import registry

LABEL_KEYS = (
    "title",
    "name",
    "statement",
    "label",
    "description",
    "activity",
    "audience",
    "message",
    "summary",
    "text",
)
IGNORED_KEYS = {"id", "position", "uuid"}


@dataclass
class Row:
    kind: str  # "added", "removed" or "changed"
    item: str  # what the change is about: "Goal: Halve injuries"
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
    """Only for data no declaration names (a section removed since): never for declared keys."""
    return str(key).replace("_", " ").strip().capitalize()


class _Differ:
    def __init__(self, section, summaries):
        self.section = section
        self.summaries = summaries
        self.rows = []

    # names and values ------------------------------------------------------------------

    def item_type(self, key):
        return self.section.item_type(key) if self.section is not None else None

    def field_label(self, item_type, key):
        label = item_type.label(key) if item_type is not None else None
        return label or humanise(key)

    def display(self, item_type, key, value):
        if isinstance(value, list) and value and isinstance(value[0], dict):
            count = len(value)
            return ngettext("%(count)s item", "%(count)s items", count) % {"count": count}
        if isinstance(value, dict):
            return _row_name(value) or ""
        if item_type is not None:
            return item_type.display(key, value)
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return "" if value is None else str(value)

    def shown_keys(self, item_type, row):
        """A row's keys worth reporting: not ids, and a choice once (by its label)."""
        keys = []
        for key in row:
            if key in IGNORED_KEYS:
                continue
            if key.endswith("_label") and key[: -len("_label")] in row:
                continue  # the stored value is reported, displayed by its label
            keys.append(key)
        return keys

    def summary(self, item_type, row):
        if not self.summaries:
            return ""
        parts = []
        for key in self.shown_keys(item_type, row):
            value = self.display(item_type, key, row[key])
            if value:
                parts.append(f"{self.field_label(item_type, key)}: {value}")
        return "; ".join(parts)

    def item_name(self, item_type, row, index):
        name = _row_name(row) or f"#{index + 1}"
        if item_type is None:
            return name
        return f"{_capitalised(item_type.verbose_name)}: {name}"

    # comparing -------------------------------------------------------------------------

    def value(self, item_type, key, old, new, where):
        """A field of an item (or of the section) from ``old`` to ``new``."""
        if old == new:
            return
        containers = (dict, list)
        if (
            old is not None
            and new is not None
            and (isinstance(old, containers) or isinstance(new, containers))
            and type(old) is not type(new)
        ):
            # The shape changed between versions (a dict became a list): one change, as text.
            label = self.field_label(item_type, key)
            old_text, new_text = (
                self.display(item_type, key, old),
                self.display(item_type, key, new),
            )
            self.rows.append(Row("changed", where, label, old_text, new_text))
            return
        nested = self.item_type(key)
        if _is_rows(old) or _is_rows(new):
            # A list inside an item or a group says which: "Threat › SWOT item: ...".
            group = item_type.labels.get(key) if item_type is not None else None
            if group:
                where = f"{where} › {group}" if where else str(group)
            self.items(nested, old or [], new or [], where)
            return
        if isinstance(old, dict) or isinstance(new, dict):
            self.fields(
                nested or item_type, old or {}, new or {}, where or self.field_label(item_type, key)
            )
            return
        self.rows.append(
            Row(
                "changed",
                where,
                self.field_label(item_type, key),
                self.display(item_type, key, old),
                self.display(item_type, key, new),
            )
        )

    def fields(self, item_type, old, new, where):
        for key in self.shown_keys(item_type, {**old, **new}):
            self.value(item_type, key, old.get(key), new.get(key), where)

    def items(self, item_type, old, new, where):
        keyed = all("id" in row for row in old + new)
        before = {(row["id"] if keyed else i): (i, row) for i, row in enumerate(old)}
        after = {(row["id"] if keyed else i): (i, row) for i, row in enumerate(new)}
        prefix = f"{where} › " if where else ""
        for key, (i, row) in after.items():
            name = prefix + self.item_name(item_type, row, i)
            if key not in before:
                self.rows.append(Row("added", name, new=self.summary(item_type, row)))
            else:
                self.fields(item_type, before[key][1], row, name)
        for key, (i, row) in before.items():
            if key not in after:
                name = prefix + self.item_name(item_type, row, i)
                self.rows.append(Row("removed", name, old=self.summary(item_type, row)))

    def section_data(self, old, new):
        old, new = old or {}, new or {}
        derived = set(self.section.derived) if self.section is not None else set()
        for key in list(old) + [k for k in new if k not in old]:
            if key in derived or old.get(key) == new.get(key):
                continue
            item_type = self.item_type(key)
            a, b = old.get(key), new.get(key)
            if _is_rows(a) or _is_rows(b):
                self.items(item_type, a or [], b or [], "")
            elif isinstance(a, dict) or isinstance(b, dict):
                name = _capitalised(item_type.verbose_name) if item_type else humanise(key)
                if _is_groups(a) and _is_groups(b):
                    name = ""  # lists grouped by a key (SWOT quadrants): each names itself
                if a is None or b is None:
                    kind, text = ("added", b) if a is None else ("removed", a)
                    summary = self.summary(item_type, text)
                    self.rows.append(
                        Row(kind, name, **({"new": summary} if b else {"old": summary}))
                    )
                else:
                    self.fields(item_type, a, b, name)
            elif isinstance(a, list) or isinstance(b, list):
                name = self.field_label(item_type, key)
                for value in b or []:
                    if value not in (a or []):
                        self.rows.append(Row("added", name, new=str(value)))
                for value in a or []:
                    if value not in (b or []):
                        self.rows.append(Row("removed", name, old=str(value)))
            else:
                self.value(item_type, key, a, b, "")


def _row_name(row):
    if not isinstance(row, dict):
        return ""
    for key in LABEL_KEYS:
        if row.get(key):
            return str(row[key])[:120]
    for key, value in row.items():
        if key not in IGNORED_KEYS and isinstance(value, str) and value:
            return value[:120]
    return ""


def _capitalised(text):
    text = str(text)
    return text[:1].upper() + text[1:]


def _is_groups(value):
    return (
        isinstance(value, dict) and bool(value) and all(isinstance(v, list) for v in value.values())
    )


def _is_rows(value):
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def plan_details_diff(old, new, item_type):
    differ = _Differ(None, summaries=False)
    title = _("Plan details")
    for key in differ.shown_keys(item_type, {**(old or {}), **(new or {})}):
        a, b = (old or {}).get(key), (new or {}).get(key)
        if a != b:
            differ.rows.append(
                Row(
                    "changed",
                    title,
                    differ.field_label(item_type, key),
                    item_type.display(key, a),
                    item_type.display(key, b),
                )
            )
    return SectionDiff(key="plan", title=title, rows=differ.rows)


def compare_snapshots(old, new, *, plan_item_type=None, summaries=True):
    """A ``SectionDiff`` for the plan's details, then one per section in guide order (sections
    only one snapshot has, or no longer registered, included). ``summaries``: added and removed
    items carry their fields as text (the compare page) or only their name (the PDF)."""
    old, new = old or {}, new or {}
    result = []
    if plan_item_type is not None:
        result.append(plan_details_diff(old.get("plan"), new.get("plan"), plan_item_type))
    old_sections, new_sections = old.get("sections", {}), new.get("sections", {})
    keys = registry.keys()
    keys += [k for k in [*old_sections, *new_sections] if k not in keys]
    for key in dict.fromkeys(keys):
        section = registry.get(key) if key in registry else None
        title = str(section.title) if section else humanise(key)
        differ = _Differ(section, summaries)
        a, b = old_sections.get(key), new_sections.get(key)
        if a is None and b is not None and old_sections:
            differ.rows.append(Row("added", title))
        elif b is None and a is not None and new_sections:
            differ.rows.append(Row("removed", title))
        else:
            differ.section_data(a, b)
        result.append(SectionDiff(key=key, title=title, rows=differ.rows))
    return result
