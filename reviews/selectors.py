"""Reads for comments, approvals and notifications; each a fixed number of queries."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.utils import timezone, translation

from documents.rendering import section_part
from plans.history import history_model, history_rows
from plans.models import Membership, Role
from plans.permissions import Capability, role_can
from plans.sections import registry
from plans.sections.diff import compare_snapshots
from plans.versions import plan_meta, section_hash, section_snapshot

from .models import (
    Approval,
    Comment,
    Decision,
    Notification,
    ReviewRequest,
    SectionApproval,
    Thread,
)


class State:
    NOT_REQUIRED = "not_required"
    NOT_REQUESTED = "not_requested"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    CHANGED = "changed"
    CHANGES_REQUESTED = "changes_requested"


@dataclass
class SectionState:
    section: object
    required: bool
    approvers: list
    state: str
    approval: Approval | None  # the latest decision
    request: ReviewRequest | None  # the open review request
    last_change: object  # datetime of the section's latest history row, or None
    request_approvers: list = None  # the approvers the open request asks (none: any)

    def __post_init__(self):
        if self.request_approvers is None:
            self.request_approvers = []

    @property
    def approved_version(self):
        """The number of the version the latest decision was made on, or None."""
        return self.approval.version.number if self.approval and self.approval.version else None

    @property
    def key(self):
        return self.section.key

    @property
    def is_approved(self):
        return self.state == State.APPROVED

    @property
    def changed_since(self):
        return self.state == State.CHANGED


def section_last_changes(plan, keys=None):
    """{section key: datetime of its latest history row}, one query (a UNION of the models)."""
    pairs = [
        (s.key, m)
        for s in registry.all()
        if keys is None or s.key in keys
        for m in s.models
        if history_model(m) is not None
    ]
    result = {}
    if not pairs:
        return result
    parts = [
        history_rows(model)
        .filter(plan_id=plan.pk)
        .order_by("-history_date")
        .annotate(source=Value(i, output_field=IntegerField()))
        .values("source", "history_date")[:1]
        for i, (_key, model) in enumerate(pairs)
    ]
    if connection.features.supports_slicing_ordering_in_compound and len(parts) > 1:
        rows = list(parts[0].union(*parts[1:], all=True))
    else:
        rows = [row for part in parts for row in part]
    for row in rows:
        key = pairs[row["source"]][0]
        if result.get(key) is None or row["history_date"] > result[key]:
            result[key] = row["history_date"]
    return result


def section_token(last_change):
    """What an approver saw: the time of the section's latest change, as a string."""
    return last_change.isoformat() if last_change else "-"


def section_states(plan, keys=None):
    """{section key: SectionState} for every registered section (or ``keys``); 6 queries."""
    sections = [s for s in registry.all() if keys is None or s.key in keys]
    wanted = [s.key for s in sections]
    rules = {
        r.section_key: r
        for r in SectionApproval.objects.filter(plan=plan, section_key__in=wanted).prefetch_related(
            "approvers"
        )
    }
    latest = Approval.objects.filter(plan=plan, section_key=OuterRef("section_key")).order_by(
        "-decided_at", "-id"
    )
    approvals = {
        a.section_key: a
        for a in Approval.objects.filter(
            plan=plan, section_key__in=wanted, pk=Subquery(latest.values("pk")[:1])
        )
        .select_related("decided_by", "version")
        .defer("version__snapshot")
    }
    requests = {
        r.section_key: r
        for r in ReviewRequest.objects.filter(
            plan=plan, section_key__in=wanted, closed_at__isnull=True
        )
        .select_related("requested_by")
        .prefetch_related("approvers")
    }
    changes = section_last_changes(plan, set(wanted))
    states = {}
    for section in sections:
        rule = rules.get(section.key)
        required = bool(rule and rule.required)
        approval = approvals.get(section.key)
        request = requests.get(section.key)
        last_change = changes.get(section.key)
        if request is not None and (approval is None or approval.decided_at < request.requested_at):
            state = State.IN_REVIEW
        elif approval is not None and approval.decision == Decision.APPROVED:
            changed = last_change is not None and last_change > approval.decided_at
            state = State.CHANGED if changed else State.APPROVED
        elif approval is not None:
            state = State.CHANGES_REQUESTED
        else:
            state = State.NOT_REQUESTED if required else State.NOT_REQUIRED
        states[section.key] = SectionState(
            section=section,
            required=required,
            approvers=list(rule.approvers.all()) if rule else [],
            state=state,
            approval=approval,
            request=request,
            last_change=last_change,
            request_approvers=list(request.approvers.all()) if request else [],
        )
    return states


def latest_decisions_by_person(plan):
    """{section key: [the latest decision of each person on it, newest first]}; 1 query."""
    found, seen = {}, set()
    decisions = (
        Approval.objects.filter(plan=plan)
        .select_related("decided_by", "version")
        .defer("version__snapshot")
        .order_by("-decided_at", "-id")
    )
    for approval in decisions:
        who = (approval.section_key, approval.decided_by_id or f"gone-{approval.pk}")
        if who in seen:
            continue
        seen.add(who)
        found.setdefault(approval.section_key, []).append(approval)
    return found


def section_state(plan, key):
    return section_states(plan, keys={key})[key]


def plan_approvers(plan):
    """Members whose role may approve."""
    return [
        m.user
        for m in Membership.objects.filter(plan=plan).select_related("user")
        if role_can(m.role, Capability.APPROVE)
    ]


def plan_members(plan):
    return list(
        Membership.objects.filter(plan=plan).select_related("user").order_by("user__display_name")
    )


def decisions(plan, section_key=None, limit=50):
    qs = Approval.objects.filter(plan=plan).select_related("decided_by")
    if section_key:
        qs = qs.filter(section_key=section_key)
    return list(qs[:limit])


# --- threads ----------------------------------------------------------------------------


def _comments_prefetch():
    return Prefetch(
        "comments",
        queryset=Comment.objects.select_related("author", "review_link").order_by(
            "created_at", "id"
        ),
    )


def threads(plan, *, section_key=None, content_type=None, object_id=None, status="open", limit=50):
    """Threads of a plan with their comments and authors: three queries."""
    qs = Thread.objects.filter(plan=plan).select_related("created_by", "resolved_by")
    if section_key:
        qs = qs.filter(section_key=section_key)
    if content_type is not None:
        qs = qs.filter(content_type=content_type, object_id=object_id)
    if status == "open":
        qs = qs.filter(resolved_at__isnull=True)
    elif status == "resolved":
        qs = qs.filter(resolved_at__isnull=False)
    return list(qs.prefetch_related(_comments_prefetch())[:limit])


def thread_detail(thread):
    return (
        Thread.objects.filter(pk=thread.pk)
        .select_related("created_by", "resolved_by")
        .prefetch_related(_comments_prefetch())
        .get()
    )


def open_thread_counts(plan):
    """{section key: number of open threads}, one query."""
    rows = (
        Thread.objects.filter(plan=plan, resolved_at__isnull=True)
        .values("section_key")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["section_key"]: r["n"] for r in rows}


def item_thread_counts(plan, model):
    """{object id: number of open threads} for the items of one model, one query."""
    ct = ContentType.objects.get_for_model(model)
    rows = (
        Thread.objects.filter(plan=plan, content_type=ct, resolved_at__isnull=True)
        .values("object_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["object_id"]: r["n"] for r in rows}


def thread_participants(thread):
    """Everyone who wrote in the thread."""
    ids = set(
        Comment.objects.filter(thread=thread, author__isnull=False).values_list("author", flat=True)
    )
    if thread.created_by_id:
        ids.add(thread.created_by_id)
    return ids


# --- notifications ----------------------------------------------------------------------


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox(user, *, unread_only=False, limit=50):
    qs = Notification.objects.filter(recipient=user).select_related("plan", "actor")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return list(qs[:limit])


def filter_q(**kwargs):
    return Q(**kwargs)


def _person(user):
    """How a person shows in a plan file: the name they gave, never their e-mail or id."""
    if user is None:
        return None
    return user.display_name or user.get_full_name() or None


def _when(moment):
    return moment.isoformat(timespec="seconds") if moment else None


def plan_reviews(plan):
    """The plan's comments (those not deleted) and approval decisions as plain data, oldest
    first, for a plan file exported with them: two queries, whatever the plan's size."""
    comments = (
        Comment.objects.filter(plan=plan, deleted_at__isnull=True)
        .select_related("thread__content_type", "author")
        .order_by("created_at", "id")
    )
    threads = {}
    found = []
    for comment in comments:
        thread = comment.thread
        ct = thread.content_type
        model = ct.model_class() if ct is not None else None
        found.append(
            {
                "discussion": threads.setdefault(thread.pk, len(threads) + 1),
                "section": thread.section_key,
                "item": (model, thread.object_id) if model is not None else None,
                "item_label": thread.object_label,
                "resolved": thread.resolved_at is not None,
                "author": _person(comment.author),
                "created_at": _when(comment.created_at),
                "edited_at": _when(comment.edited_at),
                "body": comment.body,
            }
        )
    approvals = (
        Approval.objects.filter(plan=plan).select_related("decided_by").order_by("decided_at", "id")
    )
    return {
        "comments": found,
        "approvals": [
            {
                "section": approval.section_key,
                "decision": approval.decision,
                "decided_by": _person(approval.decided_by),
                "decided_at": _when(approval.decided_at),
                "comment": approval.comment,
            }
            for approval in approvals
        ],
    }


@dataclass
class ReviewScreen:
    """What an approver reads before deciding: the section as it will print and, when it was
    approved on a version before, what changed since that version."""

    preview: dict  # documents.rendering.section_part of the section as it stands
    base: object  # the PlanVersion of the last approval bound to a version, or None
    diff: object  # plans.sections.diff.SectionDiff from ``base`` to now, or None
    same_as_base: bool  # the section is, to the byte, what was approved on ``base``


def last_approved_version(plan, key):
    approval = (
        Approval.objects.filter(
            plan=plan, section_key=key, decision=Decision.APPROVED, version__isnull=False
        )
        .select_related("version")
        .order_by("-decided_at", "-id")
        .first()
    )
    return approval.version if approval else None


def review_screen(plan, key):
    section = registry.get(key)
    data = section_snapshot(plan, key)
    with translation.override(plan.language):
        preview = section_part(
            section, data, meta=plan_meta(plan), published_on=timezone.localdate()
        )
    base = last_approved_version(plan, key)
    diff, same = None, False
    if base is not None:
        before = (base.snapshot.get("sections") or {}).get(key)
        same = section_hash(before) == section_hash(data)
        diffs = compare_snapshots({"sections": {key: before}}, {"sections": {key: data}})
        diff = next((d for d in diffs if d.key == key), None)
    return ReviewScreen(preview=preview, base=base, diff=diff, same_as_base=same)


@dataclass
class PendingReview:
    request: ReviewRequest
    section: object
    overdue: bool


def _pending(requests):
    today = timezone.localdate()
    return [
        PendingReview(
            request=r,
            section=registry.get(r.section_key),
            overdue=r.due_date is not None and r.due_date < today,
        )
        for r in requests
        if r.section_key in registry
    ]


def awaiting_review(user, limit=50):
    """Open review requests the person is asked to decide on (named among the approvers, or,
    on a request naming none, an approver of its plan), soonest due first; 1 query."""
    roles = [role for role in Role.values if role_can(role, Capability.APPROVE)]
    plans = Membership.objects.filter(user=user, role__in=roles).values("plan_id")
    requests = (
        ReviewRequest.objects.filter(closed_at__isnull=True, plan_id__in=plans)
        .filter(Q(approvers=user) | Q(approvers__isnull=True))
        .exclude(requested_by=user)
        .select_related("plan", "requested_by")
        .distinct()
        .order_by(F("due_date").asc(nulls_last=True), "requested_at")[:limit]
    )
    return _pending(requests)


def my_review_requests(user, limit=50):
    """Open review requests the person made, in plans they still belong to; 1 query, and one
    for their approvers when there are some."""
    requests = (
        ReviewRequest.objects.filter(
            closed_at__isnull=True, requested_by=user, plan__memberships__user=user
        )
        .select_related("plan")
        .prefetch_related("approvers")
        .order_by(F("due_date").asc(nulls_last=True), "requested_at")[:limit]
    )
    return _pending(requests)
