"""Reads that pages share. Each one is a fixed number of queries, whatever the plan's size."""

from django.db.models import Q

from .models import Invitation, Membership, Plan
from .permissions import role_can
from .sections import registry
from .sections.extensions import extensions


def memberships_for_dashboard(*, user, q="", status=""):
    qs = Membership.objects.filter(user=user).select_related("plan", "plan__updated_by")
    if q:
        qs = qs.filter(
            Q(plan__title__icontains=q)
            | Q(plan__organisation__icontains=q)
            | Q(plan__geographic_area__icontains=q)
        )
    if status:
        qs = qs.filter(plan__status=status)
    return qs.order_by("-plan__updated_at")


def plan_members(*, plan, by_name=False):
    """The plan's memberships with their people: by role (the members page), or by name (a
    choice of person: the activity filter, mention suggestions)."""
    order = ("user__display_name", "user__email") if by_name else ("role", "user__email")
    return list(Membership.objects.filter(plan=plan).select_related("user").order_by(*order))


def members_who_can(plan, capability):
    """The people of the plan whose role has ``capability`` (one query)."""
    memberships = Membership.objects.filter(plan=plan).select_related("user")
    return [m.user for m in memberships if role_can(m.role, capability)]


def plan_pending_invitations(*, plan):
    return list(
        Invitation.objects.filter(plan=plan, accepted_at=None, revoked_at=None).select_related(
            "invited_by"
        )
    )


def section_summaries(*, plan):
    """Each registered section with its completeness and link, in guide order."""
    summaries = [
        {"section": s, "completeness": s.completeness(plan), "url": s.url(plan)}
        for s in registry.all()
    ]
    # Reviews adds each section's approval state and open discussions.
    extensions.section_badges(plan, summaries)
    return summaries


def _diff_rows(record, previous, model):
    rows = []
    if previous is None:
        return rows
    delta = record.diff_against(previous)
    for change in delta.changes:
        field = model._meta.get_field(change.field)
        rows.append(
            {
                "field": field.verbose_name,
                "old": _display(field, change.old),
                "new": _display(field, change.new),
            }
        )
    return rows


def _display(field, value):
    if value in (None, ""):
        return ""
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


def plan_history(*, plan, limit=200):
    """The plan's own changes and its membership changes, newest first, field by field."""
    plan_records = list(
        Plan.history.filter(id=plan.pk).select_related("history_user").order_by("history_date")
    )
    entries = []
    previous = None
    for record in plan_records:
        entries.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "kind": record.history_type,
                "subject": plan.title,
                "reason": record.history_change_reason,
                "changes": _diff_rows(record, previous, Plan),
            }
        )
        previous = record
    member_records = Membership.history.filter(plan_id=plan.pk).select_related(
        "history_user", "user"
    )
    for record in member_records.order_by("history_date")[:limit]:
        entries.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "kind": record.history_type,
                "subject": record.user,
                "reason": record.history_change_reason,
                "changes": [],
                "role": record.get_role_display(),
                "membership": True,
            }
        )
    entries.sort(key=lambda e: e["date"], reverse=True)
    return entries[:limit]


def filter_by_request(qs, request, *, search=(), exact=(), search_param="q"):
    """The list filters sections share: ``?q=`` (or ``search_param``, for a second list on the
    same page) matched (icontains) across the ``search`` fields, and each name of ``exact`` (text
    fields only) as an equality filter from the query string. Without a request, the queryset
    as it is."""
    if request is None:
        return qs
    q = (request.GET.get(search_param) or "").strip()
    if q and search:
        condition = Q()
        for name in search:
            condition |= Q(**{f"{name}__icontains": q})
        qs = qs.filter(condition)
    for name in exact:
        value = request.GET.get(name) or ""
        if value:
            qs = qs.filter(**{name: value})
    return qs
