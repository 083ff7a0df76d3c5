"""How approvals extend every plan without plans importing them: one ``PlanExtension``.

Registered once in ``ApprovalsConfig.ready()``; see ``plans/sections/extensions.py`` for where
plans calls each method.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from plans.history import section_last_change, section_token
from plans.models import PlanStatus
from plans.permissions import Capability
from plans.sections.extensions import PlanExtension, plan_file_moment, plan_file_person

from . import demo, links, reminders, selectors
from .models import Approval
from .selectors import State


def state_label(state):
    labels = {
        State.NOT_REQUIRED: _("No approval needed"),
        State.NOT_REQUESTED: _("Not yet sent for review"),
        State.IN_REVIEW: _("In review"),
        State.APPROVED: _("Approved"),
        State.CHANGED: _("Changed since approval"),
        State.CHANGES_REQUESTED: _("Changes requested"),
    }
    return labels[state]


def state_text(state):
    """A section's review state as shown on its page, naming the version it was approved on."""
    number = state.approved_version
    if number is not None and state.state == State.APPROVED:
        return _("Approved on version %(number)s") % {"number": number}
    if number is not None and state.state == State.CHANGED:
        return _("Changed since its approval on version %(number)s") % {"number": number}
    return state_label(state.state)


STATE_CSS = {
    State.NOT_REQUIRED: "text-bg-light border",
    State.NOT_REQUESTED: "text-bg-secondary",
    State.IN_REVIEW: "text-bg-warning",
    State.APPROVED: "text-bg-success",
    State.CHANGED: "text-bg-danger",
    State.CHANGES_REQUESTED: "text-bg-danger",
}


def approval_guard(plan, to_status):
    """The plan is approved only when every section that needs approval is approved as it is."""
    if to_status != PlanStatus.APPROVED:
        return None
    states = selectors.section_states(plan)
    missing = [str(s.section.title) for s in states.values() if s.required and not s.is_approved]
    if missing:
        return _(
            "The plan cannot be approved yet: these sections need an approval of their "
            "current content: %(sections)s."
        ) % {"sections": ", ".join(missing)}
    return None


def _decision_row(approval):
    return {
        "decision": approval.decision,
        "decision_label": str(approval.get_decision_display()),
        "decided_by": approval.decider_name,
        "decided_at": approval.decided_at.isoformat(),
        "version": approval.version.number if approval.version else None,
        "content_hash": approval.content_hash,
    }


def approvals_snapshot(plan):
    """The approval state of every section, for versions and the PDF's approvals page: its
    latest decision, and the latest decision of each person who decided on it (newest first),
    each with the version it was made on and the hash of the section it saw."""
    states = selectors.section_states(plan)
    by_person = selectors.latest_decisions_by_person(plan)
    rows = []
    for state in states.values():
        approval = state.approval
        approved = approval is not None and approval.decision == "approved"
        latest = _decision_row(approval) if approval else {}
        rows.append(
            {
                "section_key": state.key,
                "section_title": str(state.section.title),
                "required": state.required,
                "state": state.state,
                "state_label": state_label(state.state),
                "approved_by": latest.get("decided_by", "") if approved else "",
                "approved_at": latest.get("decided_at") if approved else None,
                "changed_since": state.state == State.CHANGED,
                "decision": latest.get("decision", ""),
                "decision_label": latest.get("decision_label", ""),
                "decided_by": latest.get("decided_by", ""),
                "decided_at": latest.get("decided_at"),
                "version": latest.get("version"),
                "content_hash": latest.get("content_hash", ""),
                "decisions": [_decision_row(a) for a in by_person.get(state.key, [])],
            }
        )
    return rows


def reason_required(plan, section_key):
    state = selectors.section_state(plan, section_key)
    return state.state == State.APPROVED


def _state(request, plan, section_key):
    """A section's review state, computed once per request however many lists ask for it."""
    cache = request.__dict__.setdefault("_review_states", {})
    if section_key not in cache:
        changes = {section_key: section_last_change(request, plan, section_key)}
        states = selectors.section_states(plan, keys={section_key}, changes=changes)
        cache[section_key] = states[section_key]
    return cache[section_key]


def section_context(request, access, section):
    """The review panel of every section page: its state and what the person may do."""
    state = _state(request, access.plan, section.key)
    return {
        "review": {
            "state": state,
            "label": state_text(state),
            "css": STATE_CSS[state.state],
            "token": section_token(state.last_change),
            "can_approve": access.can(Capability.APPROVE),
            "can_request": access.can(Capability.EDIT),
        },
        "section_panels": ["approvals/partials/section_panel.html"],
    }


def collection_context(request, access, collection, items):
    """Whether a change to a row must say why (its section is approved)."""
    if not access.can(Capability.EDIT):
        return {"reason_required": False}
    state = _state(request, access.plan, collection.section_key)
    return {"reason_required": state.state == State.APPROVED}


def section_badges(plan, summaries):
    """The approval state of each section on the overview (fixed queries)."""
    states = selectors.section_states(plan)
    for item in summaries:
        key = item["section"].key
        state = states.get(key)
        item["review_state"] = state
        item["review_label"] = state_text(state) if state else ""
        item["review_css"] = STATE_CSS[state.state] if state else ""


def plan_decisions(plan):
    """The plan's approval decisions as plain data, oldest first, for a plan file exported with
    them; an outside reviewer's by the name their link gave. One query."""
    approvals = (
        Approval.objects.filter(plan=plan).select_related("decided_by").order_by("decided_at", "id")
    )
    return [
        {
            "section": approval.section_key,
            "decision": approval.decision,
            "decided_by": plan_file_person(approval.decided_by, approval.decider_name),
            "decided_at": plan_file_moment(approval.decided_at),
            "comment": approval.comment,
        }
        for approval in approvals
    ]


class ApprovalsExtension(PlanExtension):
    """Approvals block the plan's approval and mark approved sections; the review panel on
    every section page; approvals in every snapshot; reviewer links on the members page; the
    reviews awaiting a person on their dashboard; the reviews due in the reminders."""

    name = "approvals"

    def transition_error(self, plan, to_status):
        return approval_guard(plan, to_status)

    def reason_required(self, plan, section_key):
        return reason_required(plan, section_key)

    def snapshot(self, plan):
        return {"approvals": approvals_snapshot(plan)}

    def section_context(self, request, access, section):
        return section_context(request, access, section)

    def collection_context(self, request, access, collection, items):
        return collection_context(request, access, collection, items)

    def section_badges(self, plan, summaries):
        section_badges(plan, summaries)

    def demo(self, plan, *, size, user, rng):
        demo.demo(plan, size=size, user=user, rng=rng)

    def plan_reviews(self, plan):
        return {"approvals": plan_decisions(plan)}

    def reminders(self, plan, *, today, until):
        return reminders.review_dues(plan, today=today, until=until)

    def members_context(self, request, access):
        if not access.can(Capability.EDIT) and not access.can(Capability.MANAGE):
            return {}
        now = timezone.now()
        found = links.plan_links(access.plan)
        for link in found:
            link.expired = link.expires_at <= now
            sections = links.link_sections(link)
            link.scope = (
                str(sections[0].title) if link.section_key and sections else _("The whole plan")
            )
        return {"review_links": found, "members_panels": ["approvals/partials/members_links.html"]}

    def dashboard_context(self, user):
        awaiting = selectors.awaiting_review(user)
        mine = selectors.my_review_requests(user)
        if not awaiting and not mine:
            return {}
        return {
            "awaiting_review": awaiting,
            "my_review_requests": mine,
            "dashboard_panels": ["approvals/partials/dashboard_reviews.html"],
        }
