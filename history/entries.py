"""The history of every section's items, read generically from the section models' history tables.

Everything here is a fixed number of queries whatever the size of the plan: a page of the
activity feed is one bounded UNION over the history tables, then two queries per model that
appears on the page (the rows and the rows they are compared with).
"""

import datetime
import decimal
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, IntegerField, OuterRef, Subquery, Value
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from plans.history import (
    history_model,
    history_rows,
    item_label,
    m2m_fields,
    m2m_history_model,
)
from plans.sections import registry

from . import feed

# Fields that say nothing to a reader of the history.
HIDDEN_FIELDS = {"id", "plan", "position", "version", "created_at", "updated_at"}


def model_label(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


def section_models(section_key=None):
    """(section, model) pairs of the registered sections, in guide order."""
    pairs = []
    for section in registry.all():
        if section_key and section.key != section_key:
            continue
        for model in section.models:
            if history_model(model) is not None:
                pairs.append((section, model))
    return pairs


def model_by_label(label):
    for _section, model in section_models():
        if model_label(model) == label:
            return model
    return None


def diff_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in HIDDEN_FIELDS and not f.name.startswith("history_")
    ]


def display(field, value, related=None):
    """A value as a person reads it: choices by label, relations by name, dates localised."""
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        obj = (related or {}).get((field.related_model, value))
        return str(obj) if obj is not None else f"#{value}"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime | datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, decimal.Decimal):
        return formats.number_format(value)
    return str(value)


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    """One history row, ready to show: who did what, when, why, and which fields changed."""

    record: object
    model: type
    section: object
    kind: str  # "+", "~" or "-"
    label: str
    changes: list = field(default_factory=list)
    plan_uuid: object = None
    restorable: bool = False

    @property
    def model_verbose(self):
        return str(self.model._meta.verbose_name).capitalize()

    @property
    def revert_url(self):
        return reverse(
            "history:item_revert",
            kwargs={
                "plan": self.plan_uuid,
                "label": model_label(self.model),
                "pk": self.history_id,
            },
        )

    # The history row's own facts, under the names the templates read.
    date = property(lambda self: self.record.history_date)
    user = property(lambda self: self.record.history_user)
    reason = property(lambda self: self.record.history_change_reason)
    object_id = property(lambda self: self.record.id)
    history_id = property(lambda self: self.record.history_id)

    @property
    def model_label(self):
        return model_label(self.model)


def _changes(record, previous, fields, related):
    changes = []
    for f in fields:
        new = getattr(record, f.attname, None)
        old = getattr(previous, f.attname, None) if previous is not None else None
        if previous is None and record.history_type != "+":
            continue
        if new != old:
            changes.append(
                Change(
                    field=str(f.verbose_name).capitalize(),
                    old=display(f, old, related),
                    new=display(f, new, related),
                )
            )
    return changes


def _related_objects(records_and_fields):
    """Every related object named by the rows, one query per related model."""
    wanted = {}
    for record, fields in records_and_fields:
        for f in fields:
            if f.is_relation:
                value = getattr(record, f.attname, None)
                if value is not None:
                    wanted.setdefault(f.related_model, set()).add(value)
    related = {}
    for model, pks in wanted.items():
        for pk, obj in model._default_manager.in_bulk(list(pks)).items():
            related[(model, pk)] = obj
    return related


def _m2m_links(model, history_ids):
    """``{field: {history_id: set of linked pks}}`` for the model's tracked m2m fields.

    One query per tracked field, plus one per related model for the names (``related``).
    """
    links, related = {}, {}
    if not history_ids:
        return links, related
    for f in m2m_fields(model):
        target = f.m2m_reverse_field_name() + "_id"
        by_row = {}
        rows = (
            m2m_history_model(model, f)
            .objects.filter(history_id__in=history_ids)
            .values_list("history_id", target)
        )
        for history_id, pk in rows:
            by_row.setdefault(history_id, set()).add(pk)
        links[f] = by_row
        pks = set().union(*by_row.values()) if by_row else set()
        if pks:
            for pk, obj in f.related_model._default_manager.in_bulk(list(pks)).items():
                related[(f.related_model, pk)] = obj
    return links, related


def _m2m_changes(record, previous, links, related):
    """The links added or removed by a history row, one ``Change`` per field."""
    changes = []
    if previous is None and record.history_type != "+":
        return changes

    def names(pks, model):
        labels = [str(related[(model, pk)]) if (model, pk) in related else f"#{pk}" for pk in pks]
        return "; ".join(sorted(labels, key=str.casefold))

    for f, by_row in links.items():
        new = by_row.get(record.history_id, set())
        old = by_row.get(previous.history_id, set()) if previous is not None else set()
        if new != old:
            changes.append(
                Change(
                    field=str(f.verbose_name).capitalize(),
                    old=names(old, f.related_model),
                    new=names(new, f.related_model),
                )
            )
    return changes


def entries_for(model, section, history_ids, *, plan=None, with_changes=True):
    """Entries for the given history rows of one model: two queries, plus related names."""
    history = history_model(model)
    previous_id = Subquery(
        history.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    records = list(
        history.objects.filter(history_id__in=history_ids)
        .select_related("history_user")
        .annotate(previous_id=previous_id)
    )
    previous = {}
    if with_changes:
        ids = [r.previous_id for r in records if r.previous_id]
        previous = {p.history_id: p for p in history.objects.filter(history_id__in=ids)}
    fields = diff_fields(model)
    related = {}
    links = {}
    if with_changes:
        related = _related_objects(
            [(r, fields) for r in records] + [(p, fields) for p in previous.values()]
        )
        links, m2m_related = _m2m_links(model, [r.history_id for r in records] + list(previous))
        related.update(m2m_related)
    entries = []
    for record in records:
        prev = previous.get(record.previous_id)
        entries.append(
            Entry(
                record=record,
                model=model,
                section=section,
                kind=record.history_type,
                label=item_label(record, model),
                changes=(
                    _changes(record, prev, fields, related)
                    + _m2m_changes(record, prev, links, related)
                )
                if with_changes
                else [],
                plan_uuid=plan.uuid if plan is not None else None,
            )
        )
    return entries


def _union_page(parts, offset, limit):
    if connection.features.supports_slicing_ordering_in_compound or len(parts) == 1:
        qs = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        return list(qs.order_by("-history_date", "-history_id")[offset : offset + limit])
    # Back ends that cannot order a UNION: one bounded query per model, merged here.
    rows = []
    for part in parts:
        rows += list(part.order_by("-history_date", "-history_id")[: offset + limit])
    rows.sort(key=lambda r: (r["history_date"], r["history_id"]), reverse=True)
    return rows[offset : offset + limit]


HISTORY_KINDS = ("+", "~", "-")


def _source_number(index):
    """The UNION's ``source`` of the feed source ``index`` (history tables use theirs, >= 0)."""
    return -1 - index


def _feed_parts(plan, *, section_key, user_id, kind, since):
    """The rows of every feed source the filters keep, as (id, date, source) for the union."""
    parts = []
    for index, source in enumerate(feed.sources()):
        if kind not in (None, source.kind):
            continue
        given = {
            source.section: section_key,
            f"{source.author}_id": user_id,
            f"{source.date}__gt": since,
        }
        qs = source.rows(plan).filter(**{k: v for k, v in given.items() if v})
        parts.append(
            qs.annotate(
                history_id=F("id"),
                history_date=F(source.date),
                source=Value(_source_number(index), output_field=IntegerField()),
            )
            .values("history_id", "history_date", "source")
            .order_by()
        )
    return parts


def activity(
    *,
    plan,
    section_key=None,
    user_id=None,
    kind=None,
    since=None,
    page=1,
    per_page=25,
    include_reviews=False,
):
    """A page of the plan's activity, newest first: (entries, has_next).

    With ``include_reviews`` the feed also lists the rows of the feed sources (comments and
    approval decisions; ``kind`` "comment" or "decision" keeps only those); each page stays a
    fixed number of queries.
    """
    pairs = section_models(section_key)
    parts = []
    if kind is None or kind in HISTORY_KINDS:
        for index, (_section, model) in enumerate(pairs):
            qs = history_rows(model).filter(plan_id=plan.pk)
            if user_id:
                qs = qs.filter(history_user_id=user_id)
            if kind:
                qs = qs.filter(history_type=kind)
            if since:
                qs = qs.filter(history_date__gt=since)
            parts.append(
                qs.annotate(source=Value(index, output_field=IntegerField()))
                .values("history_id", "history_date", "source")
                .order_by()
            )
    if include_reviews:
        parts += _feed_parts(plan, section_key=section_key, user_id=user_id, kind=kind, since=since)
    if not parts:
        return [], False
    offset = (max(page, 1) - 1) * per_page
    rows = _union_page(parts, offset, per_page + 1)
    has_next = len(rows) > per_page
    rows = rows[:per_page]
    by_source = {}
    for row in rows:
        by_source.setdefault(row["source"], []).append(row["history_id"])
    found = {}
    for index, source in enumerate(feed.sources()):
        ids = by_source.pop(_source_number(index), [])
        if ids:
            number = _source_number(index)
            found.update({(number, pk): e for pk, e in source.entries(plan, ids).items()})
    for index, ids in by_source.items():
        section, model = pairs[index]
        for entry in entries_for(model, section, ids, plan=plan):
            found[(index, entry.history_id)] = entry
    entries = [
        found[(r["source"], r["history_id"])]
        for r in rows
        if (r["source"], r["history_id"]) in found
    ]
    return entries, has_next


def item_history(*, plan, model, object_id, limit=100):
    """The history of one item (existing or deleted), newest first."""
    section = registry.section_for_model(model)
    ids = list(
        history_rows(model)
        .filter(id=object_id)
        .order_by("-history_id")
        .values_list("history_id", flat=True)[:limit]
    )
    entries = entries_for(model, section, ids, plan=plan)
    entries.sort(key=lambda e: e.history_id, reverse=True)
    return entries


def restorable_values(record, model):
    """The field values of a history row, as ``item_update``/``item_create`` data."""
    data = {}
    for f in diff_fields(model):
        data[f.attname if f.is_relation else f.name] = getattr(record, f.attname)
    return data


def restorable_links(record, model):
    """The many-to-many links of a history row, as ``{field name: objects}``.

    Linked items deleted since are left out: they cannot be linked again.
    """
    links = {}
    for f in m2m_fields(model):
        target = f.m2m_reverse_field_name() + "_id"
        pks = m2m_history_model(model, f).objects.filter(history_id=record.history_id)
        links[f.name] = list(
            f.related_model._default_manager.filter(
                pk__in=pks.values(target), plan_id=record.plan_id
            )
        )
    return links
