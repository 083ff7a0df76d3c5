"""Writes on plans, memberships and invitations. One code path per change (STYLE.md)."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .concurrency import lock_current
from .history import change_reason
from .models import Invitation, Membership, Plan, PlanStatus, Role
from .permissions import Capability, role_can
from .sections.extensions import extensions

PLAN_FIELDS = Plan.EDITABLE_FIELDS

# The legal moves of a plan's status, and the capability each one needs.
TRANSITIONS = {
    PlanStatus.DRAFT: {PlanStatus.IN_REVIEW: Capability.EDIT},
    PlanStatus.IN_REVIEW: {
        PlanStatus.DRAFT: Capability.EDIT,
        PlanStatus.APPROVED: Capability.APPROVE,
    },
    PlanStatus.APPROVED: {PlanStatus.ACTIVE: Capability.MANAGE, PlanStatus.DRAFT: Capability.EDIT},
    PlanStatus.ACTIVE: {PlanStatus.CLOSED: Capability.MANAGE},
    PlanStatus.CLOSED: {},
}


def _set_history(instance, user, reason=None):
    instance._history_user = user
    if reason:
        instance._change_reason = change_reason(reason)


@transaction.atomic
def plan_create(*, user, **fields):
    plan = Plan(created_by=user, updated_by=user, **fields)
    plan.full_clean()
    _set_history(plan, user)
    plan.save()
    membership_add(plan=plan, member=user, role=Role.OWNER, user=user)
    return plan


def membership_add(*, plan, member, role, user, reason=None):
    """Make ``member`` a member of ``plan`` with ``role``, recorded as done by ``user``."""
    membership = Membership(plan=plan, user=member, role=role)
    _set_history(membership, user, reason)
    membership.save()
    return membership


@transaction.atomic
def plan_update(*, plan, user, expected_version, reason=None, **fields):
    """Update a plan's own fields; refuses a save based on a stale version (ConflictError)."""
    current = lock_current(plan, expected_version)
    for name, value in fields.items():
        if name not in PLAN_FIELDS:
            raise ValueError(f"{name} is not an editable plan field")
        setattr(current, name, value)
    current.updated_by = user
    current.version += 1
    current.full_clean()
    _set_history(current, user, reason)
    current.save()
    return current


def allowed_transitions(plan, role):
    return [
        status for status, cap in TRANSITIONS.get(plan.status, {}).items() if role_can(role, cap)
    ]


@transaction.atomic
def plan_transition(*, plan, to_status, user, role):
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    moves = TRANSITIONS.get(plan.status, {})
    if to_status not in moves:
        raise ValidationError(
            _("A plan cannot move from “%(from)s” to “%(to)s”.")
            % {
                "from": PlanStatus(plan.status).label,
                "to": PlanStatus(to_status).label if to_status in PlanStatus.values else to_status,
            }
        )
    if not role_can(role, moves[to_status]):
        raise PermissionDenied
    # Extensions may refuse a move: approvals refuses an approval while a section that needs
    # one lacks an approval of its current content (approvals/extension.py).
    error = extensions.transition_error(plan, to_status)
    if error:
        raise ValidationError(error)
    plan.status = to_status
    plan.updated_by = user
    plan.version += 1
    _set_history(
        plan, user, _("Status changed to %(status)s") % {"status": plan.get_status_display()}
    )
    plan.save()
    return plan


def _lock_owners(plan):
    return list(Membership.objects.select_for_update().filter(plan=plan, role=Role.OWNER))


@transaction.atomic
def membership_change_role(*, membership, role, user):
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    owners = _lock_owners(membership.plan)
    if membership.role == Role.OWNER and role != Role.OWNER and len(owners) <= 1:
        raise ValidationError(_("A plan must keep at least one owner."))
    membership.role = role
    _set_history(membership, user)
    membership.save()
    return membership


@transaction.atomic
def membership_remove(*, membership, user):
    owners = _lock_owners(membership.plan)
    if membership.role == Role.OWNER and len(owners) <= 1:
        raise ValidationError(_("A plan must keep at least one owner."))
    _set_history(membership, user)
    membership.delete()


INVITATION_SALT = "plans.invitation"


def invitation_token(invitation):
    return signing.dumps({"i": invitation.pk}, salt=INVITATION_SALT)


def invitation_from_token(token):
    """The invitation a token names, if the signature holds, it has not expired and is unused."""
    max_age = settings.INVITATION_MAX_AGE_DAYS * 24 * 3600
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise ValidationError(
            _("This invitation has expired. Ask the plan owner to send a new one.")
        ) from error
    except signing.BadSignature as error:
        raise ValidationError(_("This invitation link is not valid.")) from error
    invitation = Invitation.objects.select_related("plan").filter(pk=data.get("i")).first()
    if invitation is None or invitation.revoked_at:
        raise ValidationError(_("This invitation has been withdrawn."))
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been used."))
    return invitation


def invitation_is_for(invitation, user):
    """An invitation is personal: only the account with the invited e-mail can accept it, so a
    forwarded or leaked link does not let someone else in."""
    return (user.email or "").strip().casefold() == invitation.email.strip().casefold()


def wrong_account_message(invitation):
    return _("This invitation was sent to %(email)s. Sign in with that account to accept it.") % {
        "email": invitation.email
    }


@transaction.atomic
def invitation_create(*, plan, email, role, user):
    email = email.strip().lower()
    if Membership.objects.filter(plan=plan, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of the plan.")})
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    invitation = Invitation(plan=plan, email=email, role=role, invited_by=user)
    invitation.full_clean()
    invitation.save()
    from .tasks import send_invitation_email

    transaction.on_commit(lambda: send_invitation_email.delay(invitation.pk))
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation, user):
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.is_pending:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def invitation_accept(*, token, user):
    """Join the plan the invitation names. Single use: a second acceptance is refused."""
    invitation = invitation_from_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(_("This invitation has already been used."))
    if not invitation_is_for(invitation, user):
        raise ValidationError(wrong_account_message(invitation))
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    membership = Membership.objects.filter(plan=invitation.plan, user=user).first()
    if membership is None:
        membership = Membership(plan=invitation.plan, user=user, role=invitation.role)
        _set_history(membership, user)
        membership.save()
    return membership


@transaction.atomic
def account_create_and_accept(*, token, display_name, password):
    """A new person creates their account from an invitation and joins the plan at once."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    invitation = invitation_from_token(token)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("An account with this e-mail already exists: sign in to accept."))
    user = User(
        username=invitation.email,
        email=invitation.email,
        display_name=display_name,
        language=invitation.plan.language,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    membership = invitation_accept(token=token, user=user)
    return user, membership
