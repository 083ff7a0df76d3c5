"""Writes of the monitoring section beyond plain item editing."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from plans.models import Plan
from plans.sections.items import item_create

from .imports import check_rows
from .models import LESSON_TEXT_FIELDS, Lesson, Measurement


class ImportRejected(Exception):
    """The rows still have problems: nothing was saved. ``rows`` says which and why."""

    def __init__(self, rows):
        super().__init__("The import has problems; nothing was saved.")
        self.rows = rows


@transaction.atomic
def measurement_create(*, plan, model, data, user, reason=None):
    """A measurement entered by hand: who recorded it is the person saving it."""
    data = {**data, "recorded_by": user}
    return item_create(plan=plan, model=model, data=data, user=user, reason=reason)


@transaction.atomic
def measurements_import(*, plan, raw_rows, user):
    """Save every row of an import, or none: the rows are checked again here, under a lock."""
    # One import at a time per plan, so two uploads cannot both add the same KPI and date.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    rows = check_rows(plan, raw_rows)
    if not rows or any(row.errors for row in rows):
        raise ImportRejected(rows)
    last = Measurement.objects.filter(plan=plan).aggregate(m=Max("position"))["m"]
    start = 0 if last is None else last + 1
    objects = []
    for offset, row in enumerate(rows):
        measurement = Measurement(
            plan=plan,
            kpi=row.kpi,
            period="" if row.period.kind == "day" else row.period.text,
            period_start=row.period.start,
            date=row.period.end,
            value=row.value,
            note=row.note,
            recorded_by=user,
            position=start + offset,
        )
        # Relations and uniqueness were checked for all rows at once by check_rows.
        measurement.full_clean(
            exclude=["plan", "kpi", "recorded_by"],
            validate_unique=False,
            validate_constraints=False,
        )
        objects.append(measurement)
    return bulk_create_with_history(objects, Measurement, default_user=user)


@transaction.atomic
def lesson_copy(*, lesson, plan, user):
    """A new lesson of ``plan`` that starts from ``lesson`` (usually of another plan).

    The text is copied as it is, at the end of the plan's lessons; the history records who
    copied it and from which plan. The caller checks that ``user`` may edit ``plan``.
    """
    reason = _("Copied from a lesson of “%(plan)s”.") % {"plan": lesson.plan.title}
    if len(reason) > 100:  # the length of a history change reason
        reason = reason[:99] + "…"
    data = {name: getattr(lesson, name) for name in LESSON_TEXT_FIELDS}
    return item_create(plan=plan, model=Lesson, data=data, user=user, reason=reason)
