from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.forms import AccountCreationForm

from . import selectors, services
from .concurrency import apply_validation_error
from .forms import InvitationForm, PlanFilterForm, PlanForm, RoleForm, TransitionForm
from .models import Invitation, Membership, Plan
from .permissions import Capability, plan_view
from .sections.extensions import extensions
from .sections.singleton import InlineSingleton


@login_required
def dashboard(request):
    form = PlanFilterForm(request.GET or None)
    q = status = ""
    if form.is_valid():
        q, status = form.cleaned_data["q"], form.cleaned_data["status"]
    memberships = list(selectors.memberships_for_dashboard(user=request.user, q=q, status=status))
    return render(
        request,
        "plans/dashboard.html",
        {
            "memberships": memberships,
            "filter_form": form,
            "filtered": bool(q or status),
            **extensions.dashboard_context(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    form = PlanForm(request.POST or None, initial={"language": request.user.language})
    if request.method == "POST" and form.is_valid():
        plan = services.plan_create(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your plan has been created."))
        return redirect("plans:overview", plan=plan.uuid)
    return render(request, "plans/plan_form.html", {"form": form, "creating": True})


@plan_view(Capability.VIEW)
def overview(request, access):
    plan = access.plan
    context = access.page_context(
        sections=selectors.section_summaries(plan=plan),
        members=selectors.plan_members(plan=plan),
        transitions=services.allowed_transitions(plan, access.role),
        nav_active="overview",
    )
    return render(request, "plans/overview.html", context)


class PlanDetails(InlineSingleton):
    """The plan's own fields, edited with the same conflict and status policy as any item."""

    def object_for(self, plan):
        return plan

    def get_form(self, request, access, instance):
        return PlanForm(request.POST or None, instance=access.plan)

    def edit_url(self, plan):
        return reverse("plans:edit", kwargs={"plan": plan.uuid})


def _plan_save(*, plan, data, expected_version, user, reason=None):
    return services.plan_update(
        plan=plan, user=user, expected_version=expected_version, reason=reason, **data
    )


details = PlanDetails(
    name="edit",
    model=Plan,
    form_class=PlanForm,
    section_key="plans",
    template="",
    page_template="plans/plan_form.html",
    title=gettext_lazy("Edit plan"),
    saved_message=gettext_lazy("The plan has been saved."),
    save=_plan_save,
    success_url_name="plans:overview",
)
plan_edit = plan_view(Capability.EDIT, methods=["GET", "POST"])(details._view)


@plan_view(Capability.VIEW, methods=["POST"])
def plan_transition(request, access):
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.plan_transition(
                plan=access.plan,
                to_status=form.cleaned_data["to_status"],
                user=request.user,
                role=access.role,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except services.PermissionDenied:
            messages.error(request, _("Your role does not allow this change of status."))
        else:
            messages.success(request, _("The plan's status has been changed."))
    else:
        messages.error(request, _("Unknown status."))
    return redirect("plans:overview", plan=access.plan.uuid)


@plan_view(Capability.VIEW, methods=["GET", "POST"])
def members(request, access):
    plan = access.plan
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if not access.can(Capability.MANAGE):
            raise services.PermissionDenied
        if form.is_valid():
            try:
                services.invitation_create(plan=plan, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _("An invitation has been sent to %(email)s.")
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("plans:members", plan=plan.uuid)
    context = {
        "plan": plan,
        "access": access,
        "members": selectors.plan_members(plan=plan),
        "invitations": selectors.plan_pending_invitations(plan=plan)
        if access.can(Capability.MANAGE)
        else [],
        "form": form,
        "role_form": RoleForm(),
        "nav_active": "members",
        **extensions.members_context(request, access),
    }
    return render(request, "plans/members.html", context, status=400 if form.errors else 200)


@plan_view(Capability.MANAGE, methods=["POST"], objects={"pk": Membership})
def member_role(request, access, pk):
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_change_role(
                membership=pk, role=form.cleaned_data["role"], user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The role has been changed."))
    else:
        messages.error(request, _("Choose one of the listed roles."))
    return redirect("plans:members", plan=access.plan.uuid)


@plan_view(Capability.MANAGE, methods=["POST"], objects={"pk": Membership})
def member_remove(request, access, pk):
    try:
        services.membership_remove(membership=pk, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s no longer has access to this plan.") % {"name": pk.user}
        )
    return redirect("plans:members", plan=access.plan.uuid)


@plan_view(Capability.MANAGE, methods=["POST"], objects={"pk": Invitation})
def invitation_revoke(request, access, pk):
    services.invitation_revoke(invitation=pk, user=request.user)
    messages.success(request, _("The invitation has been withdrawn."))
    return redirect("plans:members", plan=access.plan.uuid)


@plan_view(Capability.VIEW)
def history(request, access):
    entries = selectors.plan_history(plan=access.plan)
    return render(
        request,
        "plans/history.html",
        access.page_context(entries=entries, nav_active="history"),
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    try:
        invitation = services.invitation_from_token(token)
    except ValidationError as error:
        return render(
            request, "plans/invitation_invalid.html", {"errors": error.messages}, status=410
        )
    from django.contrib.auth import get_user_model

    account_exists = get_user_model().objects.filter(email__iexact=invitation.email).exists()
    context = {"invitation": invitation, "account_exists": account_exists}
    if request.user.is_authenticated:
        if not services.invitation_is_for(invitation, request.user):
            context["wrong_account"] = services.wrong_account_message(invitation)
            return render(request, "plans/invitation_accept.html", context, status=403)
        if request.method == "POST":
            try:
                membership = services.invitation_accept(token=token, user=request.user)
            except ValidationError as error:
                return render(
                    request, "plans/invitation_invalid.html", {"errors": error.messages}, status=410
                )
            messages.success(request, _("Welcome to the plan."))
            return redirect("plans:overview", plan=membership.plan.uuid)
        return render(request, "plans/invitation_accept.html", context)
    if account_exists:
        return render(request, "plans/invitation_accept.html", context)
    form = AccountCreationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user, membership = services.account_create_and_accept(
                token=token,
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account is ready. Welcome to the plan."))
            return redirect("plans:overview", plan=membership.plan.uuid)
    context["form"] = form
    return render(request, "plans/invitation_accept.html", context)
