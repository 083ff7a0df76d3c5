"""Reviewers without an account: signed, expiring, revocable links (issue 15).

A planner sends one person outside the plan (a name and an e-mail address) a link to one
section or to the whole plan. Through it the person reads the section as it will print, reads
and writes comments on it and, when the link allows it, approves it or asks for changes. The
link reaches nothing else: no other section, no plan page, no member's right. What the person
writes is recorded with their name, address and the link.

- The token is ``signing.dumps({"l": id, "n": nonce})``: forged, altered or re-numbered tokens
  fail the signature (404); the nonce, drawn when the link is made, ties the token to that one
  link. Expiry and revocation are checked against the row (410 Gone).
- A link that may decide is made by those who choose the approvers (owners), and never for a
  section whose approval rule names its approvers.
- Rate limits: links made per person per plan per hour (counted in the database), and
  requests per link per minute (a cache counter).
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions.models import LinkMode, ReviewLink, Thread
from discussions.services import clean_body, write_comment
from notifications.models import Kind
from planner.throttle import within_limit
from plans.models import Membership, Plan
from plans.permissions import Capability, role_can
from plans.sections import registry
from plans.selectors import members_who_can
from plans.signals import plan_event

from . import selectors
from .services import check_decision, check_seen, record_decision

# Kept from the app links were first made in: changing it would void every link sent.
LINK_SALT = "reviews.link"


class LinkGone(Exception):
    """The link existed but has expired or was revoked (410)."""

    def __init__(self, link, reason):
        super().__init__(reason)
        self.link = link
        self.reason = reason


class LinkThrottled(Exception):
    """Too many requests through one link in a minute (429)."""


def link_token(link):
    return signing.dumps({"l": link.pk, "n": link.nonce}, salt=LINK_SALT)


def link_url(link):
    return settings.SITE_URL.rstrip("/") + reverse(
        "approvals:outside", kwargs={"token": link_token(link)}
    )


def link_sections(link):
    """The sections the link reaches: its one section, or every section of the plan."""
    if link.section_key:
        return [registry.get(link.section_key)] if link.section_key in registry else []
    return registry.all()


def link_reaches(link, section_key):
    return any(s.key == section_key for s in link_sections(link))


def link_from_token(token):
    """The link a token names. ``None`` when the token is not one this site issued (the caller
    answers 404, as for any unknown address); ``LinkGone`` when it expired or was revoked."""
    try:
        data = signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    link = ReviewLink.objects.select_related("plan", "created_by").filter(pk=data.get("l")).first()
    if link is None or not secrets.compare_digest(str(data.get("n", "")), link.nonce):
        return None
    if link.revoked_at is not None:
        raise LinkGone(link, _("This review link has been withdrawn."))
    if link.expires_at <= timezone.now():
        raise LinkGone(link, _("This review link has expired."))
    return link


def link_use(link):
    """Count one request through the link; ``LinkThrottled`` past the per-minute limit."""
    limit = settings.REVIEW_LINK_REQUESTS_PER_MINUTE
    # A cache outage counts nothing: it must not shut the reviewers out.
    if not within_limit(f"review-link:{link.pk}", limit=limit, window=60):
        raise LinkThrottled
    ReviewLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now(), uses=F("uses") + 1)


@transaction.atomic
def link_create(*, plan, user, name, email, mode, section_key="", days=None, note=""):
    """Make a reviewer link and e-mail it to the person (once the transaction commits)."""
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    role = Membership.objects.filter(plan=plan, user=user).values_list("role", flat=True).first()
    if not role_can(role, Capability.EDIT) and not role_can(role, Capability.MANAGE):
        raise ValidationError(_("Only the plan's planners and owners can send review links."))
    name, email, note = (name or "").strip(), (email or "").strip(), (note or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Say who the link is for.")
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter the person's e-mail address.")
    if mode not in LinkMode.values:
        errors["mode"] = _("Choose what the person may do.")
    if section_key and section_key not in registry:
        errors["section_key"] = _("Choose a section of the plan.")
    days = settings.REVIEW_LINK_DAYS if days is None else days
    if not 1 <= days <= settings.REVIEW_LINK_MAX_DAYS:
        errors["days"] = _("A link lasts from 1 to %(most)s days.") % {
            "most": settings.REVIEW_LINK_MAX_DAYS
        }
    if errors:
        raise ValidationError(errors)
    if Membership.objects.filter(plan=plan, user__email__iexact=email).exists():
        raise ValidationError(
            {
                "email": _("%(email)s is a member of the plan: ask them from their account.")
                % {"email": email}
            }  # fmt: skip
        )
    if mode == LinkMode.APPROVE:
        if not role_can(role, Capability.MANAGE):
            raise ValidationError(
                {
                    "mode": _(
                        "Only the plan's owners, who choose its approvers, can send a link "
                        "that decides."
                    )
                }  # fmt: skip
            )
        keys = [section_key] if section_key else registry.keys()
        states = selectors.section_states(plan, keys=set(keys))
        named = [str(states[k].section.title) for k in keys if states[k].approvers]
        if named:
            raise ValidationError(
                {
                    "mode": _(
                        "These sections name their approvers, who alone decide on them: "
                        "%(sections)s."
                    )
                    % {"sections": ", ".join(named)}
                }  # fmt: skip
            )
    hour_ago = timezone.now() - timedelta(hours=1)
    made = ReviewLink.objects.filter(plan=plan, created_by=user, created_at__gte=hour_ago).count()
    if made >= settings.REVIEW_LINKS_PER_HOUR:
        raise ValidationError(
            _("You have sent %(count)s review links in the last hour: wait a little.")
            % {"count": made}
        )
    link = ReviewLink(
        plan=plan,
        section_key=section_key,
        name=name,
        email=email,
        mode=mode,
        note=note,
        nonce=secrets.token_hex(16),
        created_by=user,
        expires_at=timezone.now() + timedelta(days=days),
    )
    link.full_clean()
    link._history_user = user
    link.save()
    from .tasks import send_review_link_email

    transaction.on_commit(lambda: send_review_link_email.delay(link.pk))
    return link


@transaction.atomic
def link_revoke(*, link, user):
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.revoked_by = user
        link._history_user = user
        link.save(update_fields=["revoked_at", "revoked_by"])
    return link


def _check_reach(link, section_key):
    if not link_reaches(link, section_key):
        raise ValidationError(_("This link does not reach that section."))
    return registry.get(section_key)


@transaction.atomic
def link_comment(*, link, section_key, body):
    """A comment of the outside reviewer on a section the link reaches: a new discussion."""
    section = _check_reach(link, section_key)
    body = clean_body(body)
    thread = Thread(plan=link.plan, section_key=section.key, review_link=link)
    thread.full_clean(exclude=["created_by"])
    thread.save()
    comment = write_comment(thread=thread, body=body, user=None, mentioned=[], link=link)
    recipients = [link.created_by] if link.created_by else []
    recipients += [
        person
        for person in members_who_can(link.plan, Capability.EDIT)
        if person.pk != link.created_by_id
    ]
    plan_event.send(
        sender=ReviewLink,
        plan=link.plan,
        kind=Kind.OUTSIDE_REVIEW,
        actor=None,
        recipients=recipients,
        context={
            "section_key": section.key,
            "url": reverse("discussions:thread", kwargs={"plan": link.plan.uuid, "pk": thread.pk}),
            "excerpt": body[:500],
            "actor_name": comment.author_name,
        },
    )
    return comment


@transaction.atomic
def link_decide(*, link, section_key, decision, comment="", seen=None):
    """The outside reviewer's decision, with the same rules as a member's where they apply:
    on the content they saw, a comment when asking for changes, not on a section whose rule
    names its approvers or whose review asks members only."""
    plan = link.plan
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    if not link.may_decide:
        raise ValidationError(_("This link lets you read and comment, not decide."))
    section = _check_reach(link, section_key)
    comment = check_decision(decision, comment)
    state = selectors.section_state(plan, section_key)
    if state.approvers:
        raise ValidationError(_("Only the approvers named for this section can decide on it."))
    check_seen(state, seen)
    return record_decision(
        plan=plan, section=section, state=state, decision=decision, comment=comment, link=link
    )


def plan_links(plan):
    """The plan's reviewer links, newest first, with their decisions and comments counted."""
    return list(
        ReviewLink.objects.filter(plan=plan)
        .select_related("created_by", "revoked_by")
        .annotate(
            comment_count=Count("comments", distinct=True),
            decision_count=Count("decisions", distinct=True),
        )
    )
