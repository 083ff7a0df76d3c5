"""Writes of approvals: approval rules, review requests and decisions. ``<entity>_<verb>(*,
..., user)``, atomic, validated; each tells the people concerned through ``plan_event``."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from discussions.models import Thread
from discussions.services import check_section, write_comment
from history.entries import activity
from notifications.models import Kind
from plans.history import history_model, history_rows, section_token
from plans.models import Membership, Plan
from plans.permissions import Capability, role_can
from plans.selectors import members_who_can
from plans.signals import plan_event
from plans.versions import section_version

from . import selectors
from .models import Approval, Decision, ReviewRequest, SectionApproval
from .selectors import State

# --- approvals ----------------------------------------------------------------------------


@transaction.atomic
def approval_rules_save(*, plan, rules, user):
    """``rules``: {section key: (required, [approver users])}. Approvers must be able to approve."""
    roles = dict(Membership.objects.filter(plan=plan).values_list("user_id", "role"))
    for key, (required, approvers) in rules.items():
        check_section(key)
        for person in approvers:
            if not role_can(roles.get(person.pk), Capability.APPROVE):
                raise ValidationError(
                    _("%(name)s cannot approve: only members with the approver role can.")
                    % {"name": person.name}
                )
        rule, _created = SectionApproval.objects.get_or_create(plan=plan, section_key=key)
        rule.required = bool(required)
        rule._history_user = user
        rule.save()
        rule.approvers.set(approvers)


def approvers_for(plan, state):
    """Who may decide on the section now: the approvers named on its open review request,
    else those of its approval rule, else every approver of the plan."""
    if state.request is not None and state.request_approvers:
        return state.request_approvers
    return state.approvers or selectors.plan_approvers(plan)


def _check_approvers(plan, approvers, user):
    """The people asked must be members who may approve, and not the person asking."""
    allowed = {person.pk for person in selectors.plan_approvers(plan)}
    chosen = list(dict.fromkeys(approvers))
    if not chosen:
        raise ValidationError({"approvers": _("Choose at least one approver.")})
    for person in chosen:
        if person.pk not in allowed:
            raise ValidationError(
                {
                    "approvers": _(
                        "%(name)s cannot approve: only members with the approver role can."
                    )
                    % {"name": person.name}
                }  # fmt: skip
            )
        if person.pk == user.pk:
            raise ValidationError(
                {"approvers": _("You cannot review your own request: choose someone else.")}
            )
    return chosen


def _asked(plan, state, chosen, user, *, single):
    """Who a section's request asks: those chosen, within the approvers its rule names. On a
    request for one section, choosing outside them is refused; on the whole plan, a section
    whose named approvers were not chosen asks its named approvers (only they can decide)."""
    if chosen is None:
        return [p for p in approvers_for(plan, state) if p.pk != user.pk]
    named = state.approvers
    if not named:
        return chosen
    outside = [p.name for p in chosen if p not in named]
    if single and outside:
        raise ValidationError(
            {
                "approvers": _(
                    "Only the approvers named for “%(section)s” can decide on it, not %(names)s."
                )
                % {"section": state.section.title, "names": ", ".join(outside)}
            }
        )
    inside = [p for p in chosen if p in named]
    return inside or [p for p in named if p.pk != user.pk]


@transaction.atomic
def review_request(*, plan, section_keys, user, approvers=None, note="", due_date=None):
    """Ask for a review of sections (the whole plan: every section that needs approval), with
    an optional note and the day the decision is needed by. ``approvers``: the people asked
    (None: each section's approvers, as ``approvers_for`` finds them); only they are told and
    only they may decide on it."""
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    for key in section_keys:
        check_section(key)
    if due_date is not None and due_date < timezone.localdate():
        raise ValidationError({"due_date": _("The date the decision is needed by has passed.")})
    note = (note or "").strip()
    if len(note) > 2000:
        raise ValidationError({"note": _("Keep the note under 2,000 characters.")})
    chosen = None if approvers is None else _check_approvers(plan, approvers, user)
    states = selectors.section_states(plan, keys=set(section_keys))
    single = len(section_keys) == 1
    created = []
    for key in section_keys:
        state = states[key]
        if state.state == State.IN_REVIEW:
            if single:
                raise ValidationError(_("A review of this section is already under way."))
            continue
        if state.state == State.APPROVED and not single:
            continue  # the whole plan: approved sections need no new review
        asked = _asked(plan, state, chosen, user, single=single)
        if not asked:
            if single:
                raise ValidationError(
                    {"approvers": _("No one else can approve this section: invite an approver.")}
                )
            continue
        try:
            with transaction.atomic():
                request = ReviewRequest(
                    plan=plan, section_key=key, requested_by=user, note=note, due_date=due_date
                )
                request._history_user = user
                request.save()
        except IntegrityError:
            continue  # someone asked at the same moment
        request.approvers.set(asked)
        created.append(request)
        plan_event.send(
            sender=ReviewRequest,
            plan=plan,
            kind=Kind.REVIEW_REQUESTED,
            actor=user,
            recipients=asked,
            context={
                "section_key": key,
                "url": reverse("approvals:decide", kwargs={"plan": plan.uuid}) + f"?section={key}",
                "excerpt": note,
            },
        )
    if not created:
        raise ValidationError(_("There is nothing to send for review."))
    return created


def _changed_by(plan, section, user, since):
    for model in section.models:
        if history_model(model) is None:
            continue
        qs = history_rows(model).filter(plan_id=plan.pk, history_user=user)
        if since is not None:
            qs = qs.filter(history_date__gt=since)
        if qs.exists():
            return True
    return False


def _decision_note(plan, name, section):
    with translation.override(plan.language):
        return _("Published for %(name)s's decision on “%(section)s”.") % {
            "name": name,
            "section": section.title,
        }


def check_decision(decision, comment):
    """A decision is one of the choices, with a comment when it asks for changes; returns the
    comment, trimmed."""
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Choose to approve or to request changes.")})
    comment = (comment or "").strip()
    if decision == Decision.CHANGES_REQUESTED and not comment:
        raise ValidationError({"comment": _("Say what needs to change.")})
    return comment


def check_seen(state, seen):
    """Nobody decides on what they did not see: ``seen``, the section token the person looked
    at, must still be the section's."""
    if seen is not None and seen != section_token(state.last_change):
        raise ValidationError(
            _(
                "The section has changed since you opened it. Look at the latest changes, "
                "then decide again."
            )
        )


def record_decision(*, plan, section, state, decision, comment, user=None, link=None):
    """Record a decision checked by the caller, bound to a published version holding the
    section as it is now; close the review request it answers; tell the planners. ``user``: the
    member deciding, or ``link``: the reviewer link of an outside person."""
    name = user.name if user else link.name
    version, content_hash = section_version(
        plan=plan,
        key=section.key,
        user=user or link.created_by,
        note=_decision_note(plan, name, section),
    )
    approval = Approval(
        plan=plan,
        section_key=section.key,
        decision=decision,
        decided_by=user,
        decided_at=timezone.now(),
        comment=comment,
        review_request=state.request,
        version=version,
        content_hash=content_hash,
        review_link=link,
        reviewer_name=link.name if link else "",
        reviewer_email=link.email if link else "",
    )
    approval.full_clean(exclude=["decided_by"] if user is None else None)
    approval.save()
    if state.request:
        request = state.request
        request.closed_at = approval.decided_at
        request._history_user = user or link.created_by
        request.save(update_fields=["closed_at"])
    if comment:
        thread = Thread.objects.create(
            plan=plan, section_key=section.key, created_by=user, review_link=link
        )
        write_comment(thread=thread, body=comment, user=user, mentioned=[], link=link)
    recipients = members_who_can(plan, Capability.EDIT)
    if state.request and state.request.requested_by:
        recipients.append(state.request.requested_by)
    plan_event.send(
        sender=Approval,
        plan=plan,
        kind=Kind.APPROVED if decision == Decision.APPROVED else Kind.CHANGES_REQUESTED,
        actor=user,
        recipients=recipients,
        context={
            "section_key": section.key,
            "url": section.url(plan),
            "excerpt": comment,
            "actor_name": approval.decider_name,
        },
    )
    return approval


@transaction.atomic
def section_decide(*, plan, section_key, decision, user, comment="", seen=None):
    """An approver approves a section or requests changes.

    ``seen`` is the section token the approver looked at (``plans.history.section_token``): a
    decision on a section that changed since is refused, so nobody approves what they did not
    see. Nobody decides on a review they requested or on changes they made themselves.
    """
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    section = check_section(section_key)
    comment = check_decision(decision, comment)
    state = selectors.section_state(plan, section_key)
    if state.approvers and user not in state.approvers:
        raise ValidationError(_("Only the approvers named for this section can decide on it."))
    check_seen(state, seen)
    if state.request and state.request.requested_by_id == user.pk:
        raise ValidationError(_("You requested this review: another approver must decide."))
    if (
        state.request is not None
        and state.request_approvers
        and user not in state.request_approvers
    ):
        raise ValidationError(_("Only the approvers asked for this review can decide on it."))
    since = state.approval.decided_at if state.approval else None
    if _changed_by(plan, section, user, since):
        raise ValidationError(_("You changed this section yourself: another approver must decide."))
    return record_decision(
        plan=plan, section=section, state=state, decision=decision, comment=comment, user=user
    )


def changes_since_approval(plan, state, limit=100):
    """History entries of the section after its latest approval, with field-level diffs."""
    if state.approval is None:
        return [], False
    return activity(
        plan=plan,
        section_key=state.key,
        since=state.approval.decided_at,
        per_page=limit,
    )
