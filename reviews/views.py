from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plans.concurrency import ConflictError, apply_validation_error
from plans.models import PlanVersion
from plans.permissions import Capability, ModelFromURL, plan_view
from plans.sections import registry
from plans.sections.diff import compare_snapshots
from plans.versions import PLAN, latest_version, plan_snapshot, version_publish

from . import history, links, presence, selectors, services
from .forms import (
    ActivityFilterForm,
    CommentForm,
    DecisionForm,
    PreferencesForm,
    PublishForm,
    ReviewLinkForm,
    ReviewRequestForm,
    ThreadForm,
)
from .models import (
    Comment,
    Decision,
    LinkMode,
    Notification,
    NotificationPreference,
    ReviewLink,
    Thread,
)
from .selectors import State


def _section_key(request):
    key = request.GET.get("section") or request.POST.get("section") or ""
    if key and key not in registry:
        raise Http404
    return key


def _safe_next(request):
    """The page to go back to, when it is one of this site's."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""


def _back(request, fallback):
    return redirect(_safe_next(request) or fallback)


# --- discussions --------------------------------------------------------------------------


def _thread_list_context(request, access, *, section_key="", ct_id=None, object_id=None):
    status = request.GET.get("status", "open")
    content_type = None
    if ct_id:
        try:
            content_type = ContentType.objects.get_for_id(int(ct_id))
        except (ContentType.DoesNotExist, ValueError):
            content_type = None
    found = selectors.threads(
        access.plan,
        section_key=section_key or None,
        content_type=content_type,
        object_id=object_id if content_type else None,
        status=status,
    )
    form = ThreadForm(
        initial={
            "section_key": section_key,
            "content_type": content_type.pk if content_type else None,
            "object_id": object_id if content_type else None,
        }
    )
    return access.page_context(
        threads=found,
        status=status,
        section_key=section_key,
        section=registry.get(section_key) if section_key else None,
        anchored=bool(content_type),
        form=form,
        can_comment=access.can(Capability.COMMENT),
        sections={s.key: s for s in registry.all()},
    )


@plan_view(Capability.VIEW)
def threads(request, access):
    section_key = _section_key(request)
    ctx = _thread_list_context(
        request,
        access,
        section_key=section_key,
        ct_id=request.GET.get("ct"),
        object_id=request.GET.get("object"),
    )
    if request.htmx:
        return render(request, "reviews/partials/thread_list.html", ctx)
    ctx["nav_active"] = "discussions"
    return render(request, "reviews/threads.html", ctx)


@plan_view(Capability.COMMENT, methods=["GET", "POST"])
def thread_new(request, access):
    form = ThreadForm(request.POST or None, initial={"section_key": request.GET.get("section")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            thread = services.thread_create(
                plan=access.plan,
                section_key=data["section_key"],
                body=data["body"],
                user=request.user,
                content_type_id=data.get("content_type"),
                object_id=data.get("object_id"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if request.htmx:
                ctx = _thread_list_context(
                    request,
                    access,
                    section_key=thread.section_key,
                    ct_id=thread.content_type_id,
                    object_id=thread.object_id,
                )
                return render(request, "reviews/partials/thread_list.html", ctx)
            messages.success(request, _("Your comment has been posted."))
            return redirect("reviews:thread", plan=access.plan.uuid, pk=thread.pk)
    ctx = access.page_context(form=form, nav_active="discussions")
    status = 400 if form.errors else 200
    if request.htmx:
        return render(request, "reviews/partials/thread_form.html", ctx, status=200)
    return render(request, "reviews/thread_new.html", ctx, status=status)


def _thread_context(access, thread, form=None):
    thread = selectors.thread_detail(thread)
    section = registry.get(thread.section_key) if thread.section_key in registry else None
    return access.page_context(
        thread=thread,
        section=section,
        form=form or CommentForm(),
        can_comment=access.can(Capability.COMMENT),
        nav_active="discussions",
    )


@plan_view(Capability.VIEW, objects={"pk": Thread})
def thread(request, access, pk):
    ctx = _thread_context(access, pk)
    if request.htmx:
        return render(request, "reviews/partials/thread.html", ctx)
    return render(request, "reviews/thread.html", ctx)


@plan_view(Capability.COMMENT, methods=["POST"], objects={"pk": Thread})
def thread_reply(request, access, pk):
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_reply(thread=pk, body=form.cleaned_data["body"], user=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if request.htmx:
                return render(request, "reviews/partials/thread.html", _thread_context(access, pk))
            return redirect("reviews:thread", plan=access.plan.uuid, pk=pk.pk)
    ctx = _thread_context(access, pk, form)
    if request.htmx:
        response = render(request, "reviews/partials/thread.html", ctx)
        return response
    return render(request, "reviews/thread.html", ctx, status=400)


@plan_view(Capability.COMMENT, methods=["POST"], objects={"pk": Thread})
def thread_resolve(request, access, pk):
    resolved = request.POST.get("action") != "reopen"
    services.thread_resolve(thread=pk, user=request.user, resolved=resolved)
    if request.htmx:
        return render(request, "reviews/partials/thread.html", _thread_context(access, pk))
    messages.success(
        request,
        _("The discussion is resolved.") if resolved else _("The discussion is open again."),
    )
    return redirect("reviews:thread", plan=access.plan.uuid, pk=pk.pk)


@plan_view(Capability.COMMENT, methods=["GET", "POST"], objects={"pk": Comment})
def comment_edit(request, access, pk):
    thread_url = reverse("reviews:thread", kwargs={"plan": access.plan.uuid, "pk": pk.thread_id})
    if pk.author_id != request.user.pk or pk.deleted_at:
        # Not a 403: the person may comment, just not change someone else's words.
        messages.error(request, _("Only its author can change a comment."))
        return redirect(thread_url)
    form = CommentForm(request.POST or None, initial={"body": pk.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(comment=pk, body=form.cleaned_data["body"], user=request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your comment has been changed."))
            return redirect(thread_url)
    ctx = access.page_context(
        comment=pk,
        form=form,
        thread_url=thread_url,
        nav_active="discussions",
    )
    return render(request, "reviews/comment_edit.html", ctx, status=400 if form.errors else 200)


@plan_view(Capability.COMMENT, methods=["POST"], objects={"pk": Comment})
def comment_delete(request, access, pk):
    try:
        services.comment_delete(comment=pk, user=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Your comment has been deleted."))
    return redirect("reviews:thread", plan=access.plan.uuid, pk=pk.thread_id)


@plan_view(Capability.VIEW, objects={"pk": Comment})
def comment_history(request, access, pk):
    records = list(pk.history.select_related("history_user").order_by("-history_id"))
    ctx = access.page_context(
        comment=pk,
        records=records,
        nav_active="discussions",
    )
    return render(request, "reviews/comment_history.html", ctx)


@plan_view(Capability.COMMENT)
def mention_suggest(request, access):
    """Members matching the ``@word`` being typed at the end of the comment: members only."""
    text = request.GET.get("body") or request.GET.get("q") or ""
    token = text.rsplit(None, 1)[-1] if text.strip() else ""
    people = []
    if token.startswith("@") and "@" not in token[1:]:
        term = token[1:].lower()
        members = [m.user for m in selectors.plan_members(access.plan)]
        names = [u.name.casefold() for u in members]
        for user in members:
            if user.pk == request.user.pk or not user.email:
                continue
            if term in user.name.lower() or user.email.lower().startswith(term):
                # Inserted as "@Name"; by address when two members share the name.
                user.mention = user.email if names.count(user.name.casefold()) > 1 else user.name
                people.append(user)
        people = people[:8]
    return render(
        request,
        "reviews/partials/mention_suggestions.html",
        {"people": people, "token": token, "target": request.GET.get("target", "")},
    )


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
    return render(request, "reviews/approvals.html", _approvals_context(access))


@plan_view(Capability.MANAGE, methods=["POST"])
def approval_rules(request, access):
    people = {u.pk: u for u in selectors.plan_approvers(access.plan)}
    rules = {}
    for section in registry.all():
        required = request.POST.get(f"required-{section.key}") == "on"
        chosen = []
        for value in request.POST.getlist(f"approvers-{section.key}"):
            person = people.get(int(value)) if value.isdigit() else None
            if person is None:
                messages.error(request, _("Choose approvers among the plan's approvers."))
                return redirect("reviews:approvals", plan=access.plan.uuid)
            chosen.append(person)
        rules[section.key] = (required, chosen)
    if request.POST:
        try:
            services.approval_rules_save(plan=access.plan, rules=rules, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The approval settings have been saved."))
    return redirect("reviews:approvals", plan=access.plan.uuid)


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
        return redirect("reviews:approvals", plan=plan.uuid)
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
            return _back(request, reverse("reviews:approvals", kwargs={"plan": plan.uuid}))
    sections = [states[k].section for k in keys]
    ctx = access.page_context(
        form=form,
        sections=sections,
        whole_plan=key == "all",
        no_approvers=not people,
        next=_safe_next(request),
        nav_active="approvals",
    )
    return render(request, "reviews/request.html", ctx, status=400 if form.errors else 200)


def _decide_context(access, key, form=None):
    plan = access.plan
    state = selectors.section_state(plan, key)
    screen = selectors.review_screen(plan, key)
    entries, more = [], False
    if screen.base is None:  # approved before decisions were bound to versions: its history
        entries, more = services.changes_since_approval(plan, state)
    form = form or DecisionForm(initial={"seen": selectors.section_token(state.last_change)})
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
    key = _section_key(request)
    if not key:
        ctx = _approvals_context(access)
        ctx["awaiting"] = [s for s in ctx["states"] if s.state in (State.IN_REVIEW, State.CHANGED)]
        return render(request, "reviews/decide_list.html", ctx)
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
                return redirect("reviews:approvals", plan=access.plan.uuid)
        ctx = _decide_context(access, key, form)
        # The next attempt is based on the section as it is now.
        form.data = form.data.copy()
        form.data["seen"] = selectors.section_token(ctx["state"].last_change)
        return render(request, "reviews/decide.html", ctx, status=400)
    return render(request, "reviews/decide.html", _decide_context(access, key))


@plan_view(Capability.VIEW)
def section_changes(request, access):
    key = _section_key(request)
    if not key:
        return redirect("reviews:approvals", plan=access.plan.uuid)
    state = selectors.section_state(access.plan, key)
    entries, more = services.changes_since_approval(access.plan, state)
    ctx = access.page_context(
        state=state,
        entries=entries,
        more=more,
        nav_active="approvals",
    )
    return render(request, "reviews/section_changes.html", ctx)


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
    return render(request, "reviews/link_new.html", ctx, status=400 if form.errors else 200)


@plan_view(Capability.EDIT, methods=["POST"], objects={"pk": ReviewLink})
def review_link_revoke(request, access, pk):
    links.link_revoke(link=pk, user=request.user)
    messages.success(request, _("The link for %(name)s no longer works.") % {"name": pk.name})
    return redirect("plans:members", plan=access.plan.uuid)


# --- versions -----------------------------------------------------------------------------


@plan_view(Capability.VIEW)
def versions(request, access):
    found = list(
        PlanVersion.objects.filter(plan=access.plan)
        .select_related("author")
        .defer("snapshot")
        .order_by("-number")[:200]
    )
    ctx = access.page_context(
        versions=found,
        can_publish=access.can(Capability.EDIT),
        form=PublishForm(),
        nav_active="versions",
    )
    return render(request, "reviews/versions.html", ctx)


@plan_view(Capability.EDIT, methods=["GET", "POST"])
def version_new(request, access):
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = version_publish(plan=access.plan, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("Version %(number)s has been published.") % {"number": version.number}
            )
            return redirect("reviews:versions", plan=access.plan.uuid)
    ctx = access.page_context(form=form, nav_active="versions")
    return render(request, "reviews/version_new.html", ctx, status=400 if form.errors else 200)


def _version(plan, value):
    if value in (None, "", "current"):
        return None
    try:
        return PlanVersion.objects.select_related("author").get(plan=plan, number=int(value))
    except (PlanVersion.DoesNotExist, ValueError):
        raise Http404 from None


@plan_view(Capability.VIEW, objects={"pk": PlanVersion})
def version_detail(request, access, pk):
    previous = (
        PlanVersion.objects.filter(plan=access.plan, number__lt=pk.number)
        .order_by("-number")
        .first()
    )
    url = reverse("reviews:compare", kwargs={"plan": access.plan.uuid})
    query = f"?a={previous.number}&b={pk.number}" if previous else f"?a={pk.number}&b=current"
    return redirect(url + query)


@plan_view(Capability.VIEW)
def compare(request, access):
    plan = access.plan
    last = latest_version(plan)
    a_value = request.GET.get("a") or (str(last.number) if last else "")
    b_value = request.GET.get("b") or "current"
    a = _version(plan, a_value)
    b = _version(plan, b_value)
    if a is None and b is None:
        if last is None:
            messages.info(request, _("No version has been published yet: publish one to compare."))
        return redirect("reviews:versions", plan=plan.uuid)
    old = a.snapshot if a else plan_snapshot(plan)
    new = b.snapshot if b else plan_snapshot(plan)
    sections = compare_snapshots(old, new, plan_item_type=PLAN)
    numbers = list(
        PlanVersion.objects.filter(plan=plan).order_by("-number").values_list("number", flat=True)
    )
    ctx = access.page_context(
        a=a,
        b=b,
        a_value=a_value,
        b_value=b_value,
        numbers=numbers,
        sections=sections,
        nothing=all(not s.rows for s in sections),
        nav_active="versions",
    )
    return render(request, "reviews/compare.html", ctx)


# --- history ------------------------------------------------------------------------------


@plan_view(Capability.VIEW)
def activity(request, access):
    plan = access.plan
    members = selectors.plan_members(plan)
    form = ActivityFilterForm(request.GET or None, members=members)
    filters = {"section_key": None, "user_id": None, "kind": None}
    if form.is_valid():
        filters = {
            "section_key": form.cleaned_data["section"] or None,
            "user_id": form.cleaned_data["user"],
            "kind": form.cleaned_data["kind"] or None,
        }
    try:
        page = max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        page = 1
    entries, has_next = history.activity(plan=plan, page=page, include_reviews=True, **filters)
    _mark_restorable(entries)
    query = request.GET.copy()
    query.pop("page", None)
    ctx = access.page_context(
        entries=entries,
        form=form,
        page=page,
        has_next=has_next,
        query=query.urlencode(),
        can_edit=access.can(Capability.EDIT),
        nav_active="activity",
    )
    return render(request, "reviews/activity.html", ctx)


def _mark_restorable(entries):
    """Deletion entries whose item is still gone can be restored (one query per model)."""
    by_model = {}
    for entry in entries:
        if entry.kind == "-":
            by_model.setdefault(entry.model, set()).add(entry.object_id)
    existing = {
        model: set(model._default_manager.filter(pk__in=ids).values_list("pk", flat=True))
        for model, ids in by_model.items()
    }
    for entry in entries:
        entry.restorable = entry.kind == "-" and entry.object_id not in existing.get(
            entry.model, set()
        )


def _history_models():
    """{model label: model} of every section model with a history (the URL's ``label``)."""
    return {history.model_label(m): m for _section, m in history.section_models()}


def _history_records():
    return {label: model.history.model for label, model in _history_models().items()}


# One history page and one revert for every section model, the model named by the URL.
HISTORY_ITEMS = ModelFromURL("label", _history_models)
HISTORY_RECORDS = ModelFromURL("label", _history_records)


@plan_view(Capability.VIEW)
def item_history_list(request, access, label):
    """``history/<label>/``, the folder of an item type's histories: its section's activity."""
    model = HISTORY_ITEMS.resolve({"label": label})
    section = registry.section_for_model(model)
    url = reverse("reviews:activity", kwargs={"plan": access.plan.uuid})
    return redirect(f"{url}?section={section.key}")


# What the URL's keyword takes, for the tests that visit every plan URL.
item_history_list.plan_url_choices = {"label": HISTORY_ITEMS}


@plan_view(Capability.VIEW, objects={"pk": HISTORY_ITEMS})
def item_history(request, access, label, pk):
    model = type(pk)
    entries = history.item_history(plan=access.plan, model=model, object_id=pk.pk)
    section = registry.section_for_model(model)
    ctx = access.page_context(
        item=pk,
        item_label=history.item_label(pk, model),
        entries=entries,
        section=section,
        can_edit=access.can(Capability.EDIT),
        nav_active=section.key,
    )
    return render(request, "reviews/item_history.html", ctx)


@plan_view(Capability.EDIT, methods=["POST"], objects={"pk": HISTORY_RECORDS})
def item_revert(request, access, label, pk):
    section = registry.section_for_model(HISTORY_ITEMS.resolve({"label": label}))
    try:
        item = services.item_revert(
            record=pk, user=request.user, expected_version=request.POST.get("version")
        )
    except ConflictError:
        messages.error(
            request,
            _("The item was changed by someone else meanwhile. Look at its history again."),
        )
    except ValidationError as error:
        messages.error(
            request,
            _("This version cannot be brought back: %(reason)s")
            % {"reason": " ".join(error.messages)},
        )
    else:
        messages.success(request, _("The item is back as it was; the change is in its history."))
        return redirect(item_history_url(item))
    return _back(request, section.url(access.plan))


def item_history_url(item):
    return reverse(
        "reviews:item_history",
        kwargs={"plan": item.plan.uuid, "label": history.model_label(type(item)), "pk": item.pk},
    )


# --- presence -----------------------------------------------------------------------------


@plan_view(Capability.VIEW)
def section_presence(request, access):
    """Heartbeat of a section page: who else is here, and whether the section changed."""
    key = _section_key(request)
    if not key:
        return HttpResponse("", status=400)
    others = presence.heartbeat(
        plan=access.plan,
        section_key=key,
        user=request.user,
        editing=request.GET.get("editing") == "1",
    )
    token = selectors.section_token(selectors.section_last_changes(access.plan, {key}).get(key))
    ctx = {"others": others, "token": token, "plan": access.plan, "section_key": key}
    response = render(request, "reviews/partials/presence.html", ctx)
    seen = request.GET.get("seen")
    if seen and seen != token:
        response["HX-Trigger"] = "planner:section-changed"
    return response


# --- notifications (the person's own, not plan-scoped) -----------------------------------


@login_required
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    ctx = {
        "notifications": selectors.inbox(request.user, unread_only=unread_only),
        "unread_only": unread_only,
        "unread": selectors.unread_count(request.user),
    }
    return render(request, "reviews/inbox.html", ctx)


@login_required
@require_http_methods(["POST"])
def inbox_read(request):
    qs = Notification.objects.filter(recipient=request.user, read_at__isnull=True)
    if request.POST.get("id"):
        qs = qs.filter(pk=request.POST["id"]) if request.POST["id"].isdigit() else qs.none()
    qs.update(read_at=timezone.now())
    return redirect("reviews:inbox")


@login_required
def notification_open(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("reviews:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    current = dict(
        NotificationPreference.objects.filter(user=request.user).values_list("kind", "delivery")
    )
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        for kind, delivery in form.cleaned_data.items():
            NotificationPreference.objects.update_or_create(
                user=request.user, kind=kind, defaults={"delivery": delivery}
            )
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("reviews:preferences")
    return render(request, "reviews/preferences.html", {"form": form})
