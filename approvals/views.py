"""Approvals of a plan: its rules, review requests, the review screen and decisions, and the
reviewer links sent to people outside the plan."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from discussions.models import LinkMode, ReviewLink
from plans.concurrency import apply_validation_error
from plans.history import section_token
from plans.inputs import parse_id
from plans.navigation import back, safe_next, section_key
from plans.permissions import Capability, plan_view
from plans.sections import registry

from . import links, selectors, services
from .forms import DecisionForm, ReviewLinkForm, ReviewRequestForm
from .models import Decision
from .selectors import State

# --- approvals ----------------------------------------------------------------------------


def _approvals_context(access):
    plan = access.plan
    states = selectors.section_states(plan)
    return access.page_context(
        states=list(states.values()),
        approvers=selectors.plan_approvers(plan),
        decisions=selectors.decisions(plan),
        can_manage=access.can(Capability.MANAGE),
        can_edit=access.can(Capability.EDIT),
        can_approve=access.can(Capability.APPROVE),
        nav_active="approvals",
    )


@plan_view(Capability.VIEW)
def approvals(request, access):
    return render(request, "approvals/approvals.html", _approvals_context(access))


@plan_view(Capability.MANAGE, methods=["POST"])
def approval_rules(request, access):
    people = {u.pk: u for u in selectors.plan_approvers(access.plan)}
    rules = {}
    for section in registry.all():
        required = request.POST.get(f"required-{section.key}") == "on"
        chosen = []
        for value in request.POST.getlist(f"approvers-{section.key}"):
            person = people.get(parse_id(value))
            if person is None:
                messages.error(request, _("Choose approvers among the plan's approvers."))
                return redirect("approvals:approvals", plan=access.plan.uuid)
            chosen.append(person)
        rules[section.key] = (required, chosen)
    if request.POST:
        try:
            services.approval_rules_save(plan=access.plan, rules=rules, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The approval settings have been saved."))
    return redirect("approvals:approvals", plan=access.plan.uuid)


def _request_keys(plan, key):
    """The sections a review request is about: one, or "all" (those needing approval)."""
    if key == "all":
        states = selectors.section_states(plan)
        return [k for k, s in states.items() if s.required] or list(states)
    if key in registry:
        return [key]
    return None


@plan_view(Capability.EDIT, methods=["GET", "POST"])
def review_request(request, access):
    """Ask for a review: the approvers to ask, a note and the day the decision is needed."""
    plan = access.plan
    key = request.POST.get("section") or request.GET.get("section") or ""
    keys = _request_keys(plan, key)
    if keys is None:
        messages.error(request, _("Choose a section to send for review."))
        return redirect("approvals:approvals", plan=plan.uuid)
    states = selectors.section_states(plan, keys=set(keys))
    named = {p.pk: p for s in states.values() for p in s.approvers}
    people = [p for p in selectors.plan_approvers(plan) if p.pk != request.user.pk]
    if len(keys) == 1 and named:
        people = [p for p in people if p.pk in named]
    form = ReviewRequestForm(
        request.POST if request.method == "POST" else None,
        people=people,
        # The rule's named approvers are ticked, or the only person who can be asked.
        initial={
            "section": key,
            "approvers": [p.pk for p in people if p.pk in named or len(people) == 1],
        },
    )
    if form.is_valid():
        try:
            services.review_request(
                plan=plan,
                section_keys=keys,
                user=request.user,
                approvers=form.chosen(),
                note=form.cleaned_data["note"],
                due_date=form.cleaned_data["due_date"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The approvers have been asked for a review."))
            return back(request, reverse("approvals:approvals", kwargs={"plan": plan.uuid}))
    sections = [states[k].section for k in keys]
    ctx = access.page_context(
        form=form,
        sections=sections,
        whole_plan=key == "all",
        no_approvers=not people,
        next=safe_next(request),
        nav_active="approvals",
    )
    return render(request, "approvals/request.html", ctx, status=400 if form.errors else 200)


def _decide_context(access, key, form=None):
    plan = access.plan
    state = selectors.section_state(plan, key)
    screen = selectors.review_screen(plan, key)
    entries, more = [], False
    if screen.base is None:  # approved before decisions were bound to versions: its history
        entries, more = services.changes_since_approval(plan, state)
    form = form or DecisionForm(initial={"seen": section_token(state.last_change)})
    user = access.user
    may_decide = not (state.request and state.request_approvers) or user in state.request_approvers
    return access.page_context(
        state=state,
        screen=screen,
        s=screen.diff,
        entries=entries,
        more=more,
        form=form,
        may_decide=may_decide and not (state.approvers and user not in state.approvers),
        nav_active="approvals",
    )


@plan_view(Capability.APPROVE, methods=["GET", "POST"])
def decide(request, access):
    key = section_key(request)
    if not key:
        ctx = _approvals_context(access)
        ctx["awaiting"] = [s for s in ctx["states"] if s.state in (State.IN_REVIEW, State.CHANGED)]
        return render(request, "approvals/decide_list.html", ctx)
    form = DecisionForm(request.POST or None) if request.method == "POST" else None
    if form is not None:
        if form.is_valid():
            try:
                services.section_decide(
                    plan=access.plan,
                    section_key=key,
                    decision=form.cleaned_data["decision"],
                    comment=form.cleaned_data["comment"],
                    seen=form.cleaned_data["seen"],
                    user=request.user,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                decision = form.cleaned_data["decision"]
                messages.success(
                    request,
                    _("You approved the section.")
                    if decision == Decision.APPROVED
                    else _("You asked for changes."),
                )
                return redirect("approvals:approvals", plan=access.plan.uuid)
        ctx = _decide_context(access, key, form)
        # The next attempt is based on the section as it is now.
        form.data = form.data.copy()
        form.data["seen"] = section_token(ctx["state"].last_change)
        return render(request, "approvals/decide.html", ctx, status=400)
    return render(request, "approvals/decide.html", _decide_context(access, key))


@plan_view(Capability.VIEW)
def section_changes(request, access):
    key = section_key(request)
    if not key:
        return redirect("approvals:approvals", plan=access.plan.uuid)
    state = selectors.section_state(access.plan, key)
    entries, more = services.changes_since_approval(access.plan, state)
    ctx = access.page_context(
        state=state,
        entries=entries,
        more=more,
        nav_active="approvals",
    )
    return render(request, "approvals/section_changes.html", ctx)


# --- reviewer links -----------------------------------------------------------------------


@plan_view(Capability.EDIT, methods=["GET", "POST"])
def review_link_new(request, access):
    """Send a reviewer link to someone outside the plan."""
    plan = access.plan
    may_decide = access.can(Capability.MANAGE)
    initial = {"section_key": request.GET.get("section", ""), "mode": LinkMode.COMMENT}
    initial["days"] = settings.REVIEW_LINK_DAYS
    form = ReviewLinkForm(
        request.POST if request.method == "POST" else None, may_decide=may_decide, initial=initial
    )
    if form.is_valid():
        try:
            link = links.link_create(plan=plan, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("The link has been sent to %(email)s.") % {"email": link.email}
            )
            return redirect("plans:members", plan=plan.uuid)
    ctx = access.page_context(form=form, nav_active="members")
    return render(request, "approvals/link_new.html", ctx, status=400 if form.errors else 200)


@plan_view(Capability.EDIT, methods=["POST"], objects={"pk": ReviewLink})
def review_link_revoke(request, access, pk):
    links.link_revoke(link=pk, user=request.user)
    messages.success(request, _("The link for %(name)s no longer works.") % {"name": pk.name})
    return redirect("plans:members", plan=access.plan.uuid)
