"""Writes of the collaboration features. ``<entity>_<verb>(*, ..., user)``, atomic, validated."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plans.history import history_model, history_rows, m2m_set
from plans.models import Membership, Plan
from plans.permissions import Capability, role_can
from plans.sections import registry
from plans.sections.items import item_create, item_update
from plans.signals import plan_event
from plans.versions import section_version

from . import history, selectors
from .models import (
    Approval,
    Comment,
    Decision,
    Kind,
    ReviewRequest,
    SectionApproval,
    Thread,
)
from .selectors import State
from .text import find_mentions, render_markdown

# --- comments -----------------------------------------------------------------------------


def _check_section(section_key):
    if section_key not in registry:
        raise ValidationError({"section_key": _("Choose one of the plan's sections.")})
    return registry.get(section_key)


def resolve_item(*, plan, section_key, content_type_id, object_id):
    """The item a thread is anchored to, checked to belong to the plan and to the section."""
    section = _check_section(section_key)
    if not content_type_id and not object_id:
        return None, None
    try:
        ct = ContentType.objects.get_for_id(int(content_type_id))
        model = ct.model_class()
    except (ContentType.DoesNotExist, TypeError, ValueError):
        model = None
    if model is None or model not in section.models:
        raise ValidationError(_("This item does not belong to the section."))
    try:
        item = model._default_manager.filter(plan=plan, pk=int(object_id)).first()
    except (TypeError, ValueError):
        item = None
    if item is None:
        raise ValidationError(_("This item does not belong to the plan."))
    return ct, item


def _mentions(plan, body):
    """Members mentioned in ``body`` (by name, or by address); a mention of anyone else by
    address, or of a name two members share, is refused with a clear message."""
    if "@" not in (body or ""):
        return []
    people = [m.user for m in Membership.objects.filter(plan=plan).select_related("user")]
    found = find_mentions(body, people)
    strangers = [written for person, written in found if person is None and "@" in written]
    if strangers:
        raise ValidationError(
            {
                "body": _(
                    "%(who)s is not a member of this plan and cannot be mentioned. "
                    "Mention only people listed among the plan's members."
                )
                % {"who": ", ".join(strangers)}
            }
        )
    shared = [written for person, written in found if person is None]
    if shared:
        raise ValidationError(
            {
                "body": _(
                    "Several members are called %(name)s: mention the one you mean by their "
                    "e-mail address."
                )
                % {"name": shared[0]}
            }
        )
    return [person for person, _written in found]


def _mention_html(body, mentioned):
    return render_markdown(
        body, {u.email.lower(): u.name for u in mentioned if u.email}, [u.name for u in mentioned]
    )


def _clean_body(body):
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write something before sending.")})
    return body


def thread_url(thread):
    return reverse("reviews:thread", kwargs={"plan": thread.plan.uuid, "pk": thread.pk})


def _write_comment(*, thread, body, user, mentioned, link=None):
    comment = Comment(
        thread=thread,
        plan=thread.plan,
        author=user,
        review_link=link,
        body=body,
        body_html=_mention_html(body, mentioned),
    )
    # Through a reviewer link there is no author account: the link names the writer.
    comment.full_clean(exclude=["author"] if user is None else None)
    comment._history_user = user
    comment.save()
    comment.mentions.set(mentioned)
    return comment


def _announce(*, thread, comment, user, mentioned, reply):
    excerpt = comment.body[:500]
    context = {
        "url": thread_url(thread),
        "excerpt": excerpt,
        "section_key": thread.section_key,
        "item_label": thread.object_label,
    }

    def send(kind, recipients):
        plan_event.send(
            sender=Comment,
            plan=thread.plan,
            kind=kind,
            actor=user,
            recipients=recipients,
            context=context,
        )

    if mentioned:
        send(Kind.MENTION, mentioned)
    if reply:
        User = get_user_model()
        already = {u.pk for u in mentioned}
        ids = selectors.thread_participants(thread) - already - {user.pk}
        # Only people still in the plan hear about it.
        members = set(
            Membership.objects.filter(plan=thread.plan, user_id__in=ids).values_list(
                "user_id", flat=True
            )
        )
        participants = list(User.objects.filter(pk__in=members))
        if participants:
            send(Kind.REPLY, participants)


@transaction.atomic
def thread_create(*, plan, section_key, body, user, content_type_id=None, object_id=None):
    """Open a discussion on a section, or on one item of it, with its first comment."""
    body = _clean_body(body)
    ct, item = resolve_item(
        plan=plan, section_key=section_key, content_type_id=content_type_id, object_id=object_id
    )
    mentioned = _mentions(plan, body)
    thread = Thread(
        plan=plan,
        section_key=section_key,
        content_type=ct,
        object_id=item.pk if item else None,
        object_label=history.item_label(item, type(item)) if item else "",
        created_by=user,
    )
    thread.full_clean()
    thread.save()
    comment = _write_comment(thread=thread, body=body, user=user, mentioned=mentioned)
    _announce(thread=thread, comment=comment, user=user, mentioned=mentioned, reply=False)
    return thread


@transaction.atomic
def comment_reply(*, thread, body, user):
    body = _clean_body(body)
    mentioned = _mentions(thread.plan, body)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    comment = _write_comment(thread=thread, body=body, user=user, mentioned=mentioned)
    thread.last_activity_at = timezone.now()
    if thread.resolved_at:  # a reply reopens a resolved discussion
        thread.resolved_at = None
        thread.resolved_by = None
    thread.save()
    _announce(thread=thread, comment=comment, user=user, mentioned=mentioned, reply=True)
    return comment


def _own(comment, user):
    if comment.author_id != user.pk:
        raise PermissionDenied(_("Only its author can change a comment."))
    if comment.deleted_at:
        raise ValidationError(_("This comment has been deleted."))


@transaction.atomic
def comment_edit(*, comment, body, user):
    """Change one's own comment; the previous wording stays in the comment's history."""
    comment = Comment.objects.select_for_update().select_related("plan").get(pk=comment.pk)
    _own(comment, user)
    body = _clean_body(body)
    mentioned = _mentions(comment.plan, body)
    new_people = [u for u in mentioned if not comment.mentions.filter(pk=u.pk).exists()]
    comment.body = body
    comment.body_html = _mention_html(body, mentioned)
    comment.edited_at = timezone.now()
    # Through a reviewer link there is no author account: the link names the writer.
    comment.full_clean(exclude=["author"] if user is None else None)
    comment._history_user = user
    comment.save()
    comment.mentions.set(mentioned)
    if new_people:
        plan_event.send(
            sender=Comment,
            plan=comment.plan,
            kind=Kind.MENTION,
            actor=user,
            recipients=new_people,
            context={"url": thread_url(comment.thread), "excerpt": body[:500]},
        )
    return comment


@transaction.atomic
def comment_delete(*, comment, user):
    """Withdraw one's own comment: it leaves the thread, its words stay in the history."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    _own(comment, user)
    comment.deleted_at = timezone.now()
    comment._history_user = user
    comment.save()
    return comment


@transaction.atomic
def thread_resolve(*, thread, user, resolved=True):
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if resolved and thread.resolved_at is None:
        thread.resolved_at = timezone.now()
        thread.resolved_by = user
        thread.save()
    elif not resolved and thread.resolved_at is not None:
        thread.resolved_at = None
        thread.resolved_by = None
        thread.last_activity_at = timezone.now()
        thread.save()
    return thread


# --- approvals ----------------------------------------------------------------------------


@transaction.atomic
def approval_rules_save(*, plan, rules, user):
    """``rules``: {section key: (required, [approver users])}. Approvers must be able to approve."""
    roles = dict(Membership.objects.filter(plan=plan).values_list("user_id", "role"))
    for key, (required, approvers) in rules.items():
        _check_section(key)
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
        _check_section(key)
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
                "url": reverse("reviews:decide", kwargs={"plan": plan.uuid}) + f"?section={key}",
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
    if seen is not None and seen != selectors.section_token(state.last_change):
        raise ValidationError(
            _(
                "The section has changed since you opened it. Look at the latest changes, "
                "then decide again."
            )
        )


def _record_decision(*, plan, section, state, decision, comment, user=None, link=None):
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
        _write_comment(thread=thread, body=comment, user=user, mentioned=[], link=link)
    recipients = [m.user for m in Membership.objects.filter(plan=plan).select_related("user")
                  if role_can(m.role, Capability.EDIT)]  # fmt: skip
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

    ``seen`` is the section token the approver looked at (``selectors.section_token``): a
    decision on a section that changed since is refused, so nobody approves what they did not
    see. Nobody decides on a review they requested or on changes they made themselves.
    """
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    section = _check_section(section_key)
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
    return _record_decision(
        plan=plan, section=section, state=state, decision=decision, comment=comment, user=user
    )


def changes_since_approval(plan, state, limit=100):
    """History entries of the section after its latest approval, with field-level diffs."""
    if state.approval is None:
        return [], False
    return history.activity(
        plan=plan,
        section_key=state.key,
        since=state.approval.decided_at,
        per_page=limit,
    )


# --- history: revert and restore -----------------------------------------------------------


@transaction.atomic
def item_revert(*, record, user, expected_version=None):
    """Bring an item back to the state of a history row: a new change, history untouched.

    A deleted item is restored (with its id, at the end of its list).
    """
    model = record.instance_type
    data = history.restorable_values(record, model)
    links = history.restorable_links(record, model)
    when = timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M")
    current = model._default_manager.filter(pk=record.id).first()
    if current is not None:
        version = current.version if expected_version in (None, "") else expected_version
        return item_update(
            instance=current,
            data={**data, **links},
            expected_version=version,
            user=user,
            reason=_("Reverted to the version of %(date)s") % {"date": when},
        )
    instance = model(pk=record.id, plan_id=record.plan_id)
    for name, value in data.items():
        setattr(instance, name, value)
    last = model._default_manager.filter(plan_id=record.plan_id).aggregate(m=Max("position"))["m"]
    instance.position = 0 if last is None else last + 1
    instance.full_clean(validate_unique=True)
    instance._history_user = user
    instance._change_reason = _("Restored from the history")
    instance.save(force_insert=True)
    m2m_set(instance, links)
    return instance


def restore_create(*, plan, model, data, user):  # pragma: no cover - kept for symmetry
    return item_create(plan=plan, model=model, data=data, user=user)
