"""Writes of the monitoring section beyond plain item editing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans.models import Plan
from plans.sections.items import item_create
from plans.uploads import Problem

from .imports import check_rows, where
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


def _reason(text):
    """``text`` as a history change reason, which holds 100 characters."""
    return text if len(text) <= 100 else text[:99] + "…"


@transaction.atomic
def measurements_import(*, plan, table, user):
    """Save every row of an imported ``table`` (``imports.read_rows``), or none.

    The rows are checked again here, under a lock, then each goes in through the measurement
    form's own service, its history saying which file it came from. A row the service refuses
    rolls the whole import back: ``ImportRejected`` says which rows and why.
    """
    # One import at a time per plan, so two uploads cannot both add the same KPI and date.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    rows = check_rows(plan, table)
    if not rows or any(row.errors for row in rows):
        raise ImportRejected(rows)
    reason = _reason(_("Imported from %(file)s") % {"file": table.name or _("a file")})
    created = []
    for row in rows:
        data = {"kpi": row.kpi, "period": row.date_text, "value": row.value, "note": row.note}
        try:
            created.append(
                measurement_create(
                    plan=plan, model=Measurement, data=data, user=user, reason=reason
                )
            )
        except ValidationError as error:
            found = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            for name, messages in found.items():
                column = table.columns.get("date" if name == "period" else name, "")
                row.errors += [Problem(where(row.line), column, m) for m in messages]
    if any(row.errors for row in rows):
        raise ImportRejected(rows)  # leaving the transaction undoes the rows already saved
    return created


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
