"""Snapshots and published versions of a plan (DESIGN.md: Versions)."""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import APPROVED_STATUSES, Plan, PlanStatus, PlanVersion
from .sections import registry
from .sections.extensions import extensions
from .sections.snapshot import ItemType

# The plan's own fields in a snapshot, with their labels (the compare's "Plan details").
PLAN = ItemType(
    key="plan",
    model=Plan,
    fields=(*Plan.EDITABLE_FIELDS, "status"),
)


def plan_meta(plan):
    return {
        "uuid": str(plan.uuid),
        "title": plan.title,
        "problem_statement": plan.problem_statement,
        "sector": plan.sector,
        "sector_label": str(plan.get_sector_display()),
        "organisation": plan.organisation,
        "reference": plan.reference,
        "geographic_area": plan.geographic_area,
        "start_date": plan.start_date.isoformat() if plan.start_date else None,
        "end_date": plan.end_date.isoformat() if plan.end_date else None,
        "language": plan.language,
        "status": plan.status,
        "status_label": str(plan.get_status_display()),
        "approved_on": approved_on(plan),
    }


def approved_on(plan):
    """The day the plan was approved (ISO), from its history: the first record in the approved
    status after the last one in a status before approval; None while it is not approved."""
    if plan.pk is None or plan.status not in APPROVED_STATUSES:
        return None
    history = plan.history.order_by("-history_date", "-history_id")
    last_before = (
        history.exclude(status__in=APPROVED_STATUSES).values_list("history_date", flat=True).first()
    )
    approvals = plan.history.filter(status=PlanStatus.APPROVED)
    if last_before is not None:
        approvals = approvals.filter(history_date__gt=last_before)
    when = approvals.order_by("history_date").values_list("history_date", flat=True).first()
    return timezone.localdate(when).isoformat() if when else None


def plan_snapshot(plan):
    """The whole plan as plain JSON-able data, labels in the plan's own language."""
    with translation.override(plan.language):
        data = {"plan": plan_meta(plan), "sections": registry.snapshot(plan)}
        # Plan-level data of other apps (approvals adds the approvals the PDF prints).
        data.update(extensions.snapshot(plan))
    # Round-trip through JSON so that what is hashed is exactly what is stored.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def snapshot_hash(snapshot):
    canonical = json.dumps(snapshot, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def section_snapshot(plan, key):
    """One section's part of ``plan_snapshot``, as it stands (labels in the plan's language)."""
    with translation.override(plan.language):
        data = registry.get(key).snapshot(plan)
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def section_hash(data):
    """The hash of one section's part of a snapshot (``None``: the section is not in it)."""
    return None if data is None else snapshot_hash(data)


def version_section_hash(version, key):
    return section_hash((version.snapshot.get("sections") or {}).get(key))


def section_version(*, plan, key, user, note=""):
    """The published version holding section ``key`` as it stands, and its hash: the latest
    version when the section has not changed since, else a version published now."""
    current = section_hash(section_snapshot(plan, key))
    last = latest_version(plan)
    if last is not None and version_section_hash(last, key) == current:
        return last, current
    version = version_publish(plan=plan, user=user, note=note, allow_unchanged=True)
    return version, version_section_hash(version, key)


def latest_version(plan):
    return PlanVersion.objects.filter(plan=plan).order_by("-number").first()


@transaction.atomic
def version_publish(*, plan, user, label="", note="", allow_unchanged=False):
    """Publish the plan as it stands as the next version.

    Refused when nothing changed since the last version, unless ``allow_unchanged`` (then the
    last version is returned as it is: exporting an unchanged plan reuses it).
    """
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    snapshot = plan_snapshot(plan)
    digest = snapshot_hash(snapshot)
    last = latest_version(plan)
    if last is not None and last.snapshot_hash == digest:
        if allow_unchanged:
            return last
        raise ValidationError(
            _("Nothing has changed since version %(number)s.") % {"number": last.number}
        )
    version = PlanVersion(
        plan=plan,
        number=(last.number + 1) if last else 1,
        label=label,
        note=note,
        author=user,
        snapshot=snapshot,
        snapshot_hash=digest,
    )
    version.full_clean()
    version.save()
    extensions.version_published(version)
    return version
