"""How reviews extends every plan without plans importing it: one ``PlanExtension``.

Registered once in ``ReviewsConfig.ready()``; see ``plans/sections/extensions.py`` for where
plans calls each method.
"""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.history import history_model
from plans.models import PlanStatus
from plans.permissions import Capability
from plans.sections.extensions import PlanExtension

from . import demo, history, links, selectors
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
        cache[section_key] = selectors.section_state(plan, section_key)
    return cache[section_key]


def section_context(request, access, section):
    """The review panel of every section page: state, actions, discussions, presence."""
    state = _state(request, access.plan, section.key)
    return {
        "review": {
            "state": state,
            "label": state_text(state),
            "css": STATE_CSS[state.state],
            "token": selectors.section_token(state.last_change),
            "can_comment": access.can(Capability.COMMENT),
            "can_approve": access.can(Capability.APPROVE),
            "can_request": access.can(Capability.EDIT),
        },
        "section_panels": ["reviews/partials/section_panel.html"],
    }


def collection_context(request, access, collection, items):
    """Links from each row to its discussions and history; open discussions per item (1 query)."""
    model = collection.model
    plan = access.plan
    ct = ContentType.objects.get_for_model(model)
    label = history.model_label(model)
    history_prefix = ""
    if history_model(model) is not None:
        # Each row's history is ``<prefix><pk>/``: one reverse per list, not per row.
        history_prefix = reverse(
            "reviews:item_history_list", kwargs={"plan": plan.uuid, "label": label}
        )
    discuss_url = reverse("reviews:threads", kwargs={"plan": plan.uuid})
    return {
        "thread_counts": selectors.item_thread_counts(plan, model),
        "discuss_url": f"{discuss_url}?section={collection.section_key}&ct={ct.pk}",
        "history_prefix": history_prefix,
        "reason_required": _state(request, plan, collection.section_key).state == State.APPROVED
        if access.can(Capability.EDIT)
        else False,
    }


def section_badges(plan, summaries):
    """Approval state and open discussions of each section on the overview (fixed queries)."""
    states = selectors.section_states(plan)
    counts = selectors.open_thread_counts(plan)
    for item in summaries:
        key = item["section"].key
        state = states.get(key)
        item["review_state"] = state
        item["review_label"] = state_text(state) if state else ""
        item["review_css"] = STATE_CSS[state.state] if state else ""
        item["open_threads"] = counts.get(key, 0)


class ReviewsExtension(PlanExtension):
    """Approvals block the plan's approval and mark approved sections; discussions and history
    links on every row; the review panel on every section page; approvals in every snapshot."""

    name = "reviews"

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
        return selectors.plan_reviews(plan)

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
        return {"review_links": found, "members_panels": ["reviews/partials/members_links.html"]}

    def dashboard_context(self, user):
        awaiting = selectors.awaiting_review(user)
        mine = selectors.my_review_requests(user)
        if not awaiting and not mine:
            return {}
        return {
            "awaiting_review": awaiting,
            "my_review_requests": mine,
            "dashboard_panels": ["reviews/partials/dashboard_reviews.html"],
        }
