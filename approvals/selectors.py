"""Reads of approvals: each section's review state, decisions, the review screen and the
reviews awaiting a person; each a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone, translation

from documents.rendering import section_part
from plans.history import section_last_changes
from plans.models import Membership, Role
from plans.permissions import Capability, role_can
from plans.sections import registry
from plans.sections.diff import compare_snapshots
from plans.selectors import members_who_can
from plans.versions import plan_meta, section_hash, section_snapshot

from .models import Approval, Decision, ReviewRequest, SectionApproval


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


def section_states(plan, keys=None, *, changes=None):
    """{section key: SectionState} for every registered section (or ``keys``); 6 queries, 5
    when ``changes`` ({key: last change}, ``plans.history.section_last_changes``) is given."""
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
    if changes is None:
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
    return members_who_can(plan, Capability.APPROVE)


def decisions(plan, section_key=None, limit=50):
    qs = Approval.objects.filter(plan=plan).select_related("decided_by")
    if section_key:
        qs = qs.filter(section_key=section_key)
    return list(qs[:limit])


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
