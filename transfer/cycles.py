"""The next planning cycle: a new plan started from an earlier one, and what has changed since.

``plan_next_cycle`` writes the new plan through the plan file's import (every item through its
own services, with history), minus what belongs to the earlier cycle alone (its measurements
and evaluation findings: ``STAYS_WITH_ITS_CYCLE`` on the model). The new plan keeps, in a
``Cycle``, the earlier plan's file as it was then and the origin of each new item, so that
each item is compared with what the earlier cycle held (``marks``) and what was dropped since
is listed (``removed``), whatever happens to the earlier plan afterwards.

An item is **new** when it comes from no earlier item, **modified** when any value of its row
in the plan file differs from its origin's (links compared through the origins), and
**unchanged** otherwise. An item of a type carried for review (``CARRIED_FOR_REVIEW``: the
lessons learned) stays **to review** until a planner edits it or says it still holds.
"""

import copy
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from plans.formatting import format_date, format_number
from plans.inputs import parse_id
from plans.models import Plan
from plans.services import membership_add

from .models import Cycle
from .plan_file import _row, file_fields, item_models, label_of, plan_export, plan_import, ref

NEW, MODIFIED, UNCHANGED = "new", "modified", "unchanged"
MARKS = {  # an item's mark, in the filter of every list
    NEW: pgettext_lazy("item since the previous cycle", "New"),
    MODIFIED: pgettext_lazy("item since the previous cycle", "Modified"),
    UNCHANGED: pgettext_lazy("item since the previous cycle", "Unchanged"),
}
KPI = "monitoring.kpi"


def carried_models():
    """The item types a next cycle carries: all but the results of the earlier cycle."""
    return [m for m in item_models() if not getattr(m, "STAYS_WITH_ITS_CYCLE", False)]


def latest_measurements(plan):
    """Each KPI's latest measurement, by KPI id (one query)."""
    from django.apps import apps

    measurement = apps.get_model("monitoring", "Measurement")
    latest = {}
    for m in measurement.objects.filter(plan=plan).order_by("kpi_id", "date", "id"):
        latest[m.kpi_id] = m
    return latest


@transaction.atomic
def plan_next_cycle(plan, *, user, title, members=False, baselines=()):
    """The next cycle of ``plan``: a new plan owned by ``user`` with every carried item and link,
    linked to ``plan``. ``baselines`` are the KPIs (ids) whose latest measurement becomes the new
    baseline, as the planner agreed; ``members`` carries the team with its roles.
    PlanFileRejected (nothing written) when an item cannot go in as it is."""
    baseline = plan_export(plan)
    data = copy.deepcopy(baseline)  # what goes in, changed below; the baseline stays as it was
    carried = {label_of(m) for m in carried_models()}
    data["items"] = {label: rows for label, rows in data["items"].items() if label in carried}
    latest = latest_measurements(plan)
    for row in data["items"].get(KPI, []):
        pk = int(row["id"].rsplit("-", 1)[1])
        if pk in baselines and pk in latest:
            measured = latest[pk]
            row["baseline_value"] = str(measured.value)
            row["baseline_date"] = measured.date.isoformat()
    outcome = plan_import(
        data,
        user=user,
        reason=(_("Started as the next cycle of “%(title)s”") % {"title": plan.title})[:100],
        title=title,
        previous_cycle=plan,
    )
    new = outcome.plan
    origins = {ref(obj): file_id for file_id, obj in outcome.made.items()}
    Cycle.objects.create(plan=new, baseline=baseline, origins=origins)
    if members:
        reason = _("Carried from the previous cycle")
        for membership in plan.memberships.exclude(user=user).select_related("user"):
            membership_add(
                plan=new, member=membership.user, role=membership.role, user=user, reason=reason
            )
    return new


def baseline_offers(plan, language):
    """``[(kpi id, words)]``: each KPI with a measurement and the baseline it would start the
    next cycle with ("Pupils walking: 31 (T1 2026) instead of 24")."""
    from django.apps import apps

    latest = latest_measurements(plan)
    kpis = apps.get_model("monitoring", "KPI").objects.filter(pk__in=latest).order_by("position")
    offers = []
    for kpi in kpis:
        measured = latest[kpi.pk]
        now = kpi.baseline_value
        words = _("%(kpi)s: %(value)s (%(when)s) instead of %(now)s") % {
            "kpi": kpi.name,
            "value": format_number(measured.value, language),
            "when": measured.period or format_date(measured.date),
            "now": format_number(now, language) if now is not None else _("none"),
        }
        offers.append((kpi.pk, words))
    return offers


# --- comparing with the previous cycle ----------------------------------------------------------


def cycle_of(plan):
    """The plan's ``Cycle``, or None: no query for a plan that is no next cycle."""
    if plan.previous_cycle_id is None and "_cycle" not in plan.__dict__:
        return None
    if "_cycle" not in plan.__dict__:
        plan.__dict__["_cycle"] = Cycle.objects.filter(plan=plan).first()
    return plan.__dict__["_cycle"]


def _comparable(row, origins):
    """A row as its origin would read: links to new items through their origins, no id."""
    return {name: _through(value, origins) for name, value in row.items() if name != "id"}


def _through(value, origins):
    if isinstance(value, list):
        return sorted(_through(v, origins) for v in value)
    if isinstance(value, str) and value in origins:
        return origins[value]
    return value


@dataclass
class Comparison:
    marks: dict  # item pk -> NEW | MODIFIED | UNCHANGED
    removed: list  # the earlier rows no item comes from any more
    to_review: set  # pks of carried lessons not reviewed yet


def compare(plan, model, pks=None):
    """How the plan's items of ``model`` compare with the previous cycle (cached per request).

    ``pks``: only these items (the rows a list draws), their marks and those to review; what
    was removed is then not worked out (``removed`` empty), nor is the answer cached."""
    cycle = cycle_of(plan)
    if cycle is None or model not in carried_models():
        return None
    cache = plan.__dict__.setdefault("_cycle_comparisons", {})
    if model in cache:
        return cache[model]
    label = label_of(model)
    fields = file_fields(model, item_models())
    rows = model.objects.filter(plan=plan).order_by("position", "id")
    if pks is not None:
        rows = rows.filter(pk__in=list(pks))
    rows = rows.prefetch_related(*(f.name for f in fields if f.many_to_many))
    before = {row["id"]: row for row in cycle.baseline["items"].get(label, [])}
    origins = cycle.origins
    marks, kept, to_review = {}, set(), set()
    for obj in rows:
        row = _row(obj, fields)
        origin = origins.get(row["id"])
        if origin not in before:
            marks[obj.pk] = NEW
            continue
        kept.add(origin)
        same = _comparable(row, origins) == _comparable(before[origin], {})
        marks[obj.pk] = UNCHANGED if same else MODIFIED
        reviewable = getattr(model, "CARRIED_FOR_REVIEW", False)
        if same and reviewable and row["id"] not in cycle.reviewed:
            to_review.add(obj.pk)
    if pks is not None:
        return Comparison(marks=marks, removed=[], to_review=to_review)
    removed = [row for file_id, row in before.items() if file_id not in kept]
    cache[model] = Comparison(marks=marks, removed=removed, to_review=to_review)
    return cache[model]


def counts(plan, models):
    """``{NEW: n, MODIFIED: n, UNCHANGED: n, "removed": n}`` over ``models``."""
    total = {NEW: 0, MODIFIED: 0, UNCHANGED: 0, "removed": 0}
    for model in models:
        comparison = compare(plan, model)
        if comparison is None:
            continue
        for mark in comparison.marks.values():
            total[mark] += 1
        total["removed"] += len(comparison.removed)
    return total


def by_section(plan):
    """Per section, in guide order: its counts against the previous cycle and the
    ``(kind, words)`` of each row dropped since."""
    from django.utils.text import capfirst

    from plans.sections.registry import registry

    carried = carried_models()
    sections = []
    for section in registry.all():
        models = [m for m in section.models if m in carried]
        removed = [
            (capfirst(model._meta.verbose_name), row_title(model, row))
            for model in models
            for row in compare(plan, model).removed
        ]
        sections.append(
            {
                "section": section,
                "url": section.url(plan),
                "counts": counts(plan, models),
                "removed": removed,
            }
        )
    return sections


def row_title(model, row):
    """Words that name a row of the earlier plan's file: its first text field that says
    something ("Paint the crossings"), else its id."""
    for f in file_fields(model, item_models()):
        value = row.get(f.name)
        if f.get_internal_type() in ("CharField", "TextField") and value and not f.choices:
            return value if len(value) <= 120 else value[:119] + "…"
    return row.get("id", "")


def item_to_review(plan, file_id):
    """The plan's item named ``file_id`` ("monitoring.lesson-4") when it is of a type carried
    for review, else None."""
    label, _sep, pk = (file_id or "").rpartition("-")
    for model in carried_models():
        if label_of(model) == label and getattr(model, "CARRIED_FOR_REVIEW", False):
            pk = parse_id(pk)
            return model.objects.filter(plan=plan, pk=pk).first() if pk is not None else None
    return None


def item_reviewed(plan, item):
    """A planner says the carried item still holds as it is: it is no longer to review."""
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().filter(plan=plan).first()
        if cycle is None:
            return
        file_id = ref(item)
        if file_id not in cycle.reviewed:
            cycle.reviewed = [*cycle.reviewed, file_id]
            cycle.save(update_fields=["reviewed"])
    plan.__dict__.pop("_cycle", None)
    plan.__dict__.pop("_cycle_comparisons", None)


class CycleFilter:
    """ "Compared with the previous cycle": offered by every list of a plan that is a next cycle."""

    name = "cycle"
    kind = "select"
    hide_empty = True
    label = gettext_lazy("Compared with the previous cycle")
    all_label = gettext_lazy("Since the previous cycle: all")

    def bound(self, model):
        return self

    def choices_for(self, plan):
        if plan is None or plan.previous_cycle_id is None:
            return []
        return list(MARKS.items())

    def clean(self, raw, plan):
        raw = (raw or "").strip()
        return raw if raw in {k for k, _ in self.choices_for(plan)} else ""

    def filter(self, qs, value, plan=None):
        comparison = compare(plan, qs.model) if plan is not None else None
        if comparison is None:
            return qs
        return qs.filter(pk__in=[pk for pk, mark in comparison.marks.items() if mark == value])


def previous_plan_for(plan, user):
    """The previous cycle's plan when ``user`` may read it, else None (a member of this plan
    only learns that there was one)."""
    if plan.previous_cycle_id is None:
        return None
    return Plan.objects.filter(pk=plan.previous_cycle_id, memberships__user=user).first()
