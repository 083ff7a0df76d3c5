"""Discussions of a plan: threads on sections and items, comments, mentions, presence."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from plans.concurrency import apply_validation_error
from plans.history import section_last_change, section_token
from plans.inputs import parse_id
from plans.navigation import section_key
from plans.permissions import Capability, plan_view
from plans.sections import registry
from plans.selectors import plan_members

from . import presence, selectors, services
from .forms import CommentForm, ThreadForm
from .models import Comment, Thread


def _thread_list_context(request, access, *, section_key="", ct_id=None, object_id=None):
    status = request.GET.get("status", "open")
    content_type = None
    if ct_id:
        ct_pk = parse_id(ct_id)
        try:
            content_type = ContentType.objects.get_for_id(ct_pk) if ct_pk else None
        except ContentType.DoesNotExist:
            content_type = None
    if content_type is not None:
        # An item id is a positive number within the database's range, or the request is bad.
        object_id = parse_id(object_id)
        if object_id is None:
            raise BadRequest("object")
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
    key = section_key(request)
    ctx = _thread_list_context(
        request,
        access,
        section_key=key,
        ct_id=request.GET.get("ct"),
        object_id=request.GET.get("object"),
    )
    if request.htmx:
        return render(request, "discussions/partials/thread_list.html", ctx)
    ctx["nav_active"] = "discussions"
    return render(request, "discussions/threads.html", ctx)


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
                return render(request, "discussions/partials/thread_list.html", ctx)
            messages.success(request, _("Your comment has been posted."))
            return redirect("discussions:thread", plan=access.plan.uuid, pk=thread.pk)
    ctx = access.page_context(form=form, nav_active="discussions")
    status = 400 if form.errors else 200
    if request.htmx:
        return render(request, "discussions/partials/thread_form.html", ctx, status=200)
    return render(request, "discussions/thread_new.html", ctx, status=status)


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
        return render(request, "discussions/partials/thread.html", ctx)
    return render(request, "discussions/thread.html", ctx)


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
                return render(
                    request, "discussions/partials/thread.html", _thread_context(access, pk)
                )
            return redirect("discussions:thread", plan=access.plan.uuid, pk=pk.pk)
    ctx = _thread_context(access, pk, form)
    if request.htmx:
        response = render(request, "discussions/partials/thread.html", ctx)
        return response
    return render(request, "discussions/thread.html", ctx, status=400)


@plan_view(Capability.COMMENT, methods=["POST"], objects={"pk": Thread})
def thread_resolve(request, access, pk):
    resolved = request.POST.get("action") != "reopen"
    services.thread_resolve(thread=pk, user=request.user, resolved=resolved)
    if request.htmx:
        return render(request, "discussions/partials/thread.html", _thread_context(access, pk))
    messages.success(
        request,
        _("The discussion is resolved.") if resolved else _("The discussion is open again."),
    )
    return redirect("discussions:thread", plan=access.plan.uuid, pk=pk.pk)


@plan_view(Capability.COMMENT, methods=["GET", "POST"], objects={"pk": Comment})
def comment_edit(request, access, pk):
    thread_url = reverse(
        "discussions:thread", kwargs={"plan": access.plan.uuid, "pk": pk.thread_id}
    )
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
    return render(request, "discussions/comment_edit.html", ctx, status=400 if form.errors else 200)


@plan_view(Capability.COMMENT, methods=["POST"], objects={"pk": Comment})
def comment_delete(request, access, pk):
    try:
        services.comment_delete(comment=pk, user=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Your comment has been deleted."))
    return redirect("discussions:thread", plan=access.plan.uuid, pk=pk.thread_id)


@plan_view(Capability.VIEW, objects={"pk": Comment})
def comment_history(request, access, pk):
    records = list(pk.history.select_related("history_user").order_by("-history_id"))
    ctx = access.page_context(
        comment=pk,
        records=records,
        nav_active="discussions",
    )
    return render(request, "discussions/comment_history.html", ctx)


@plan_view(Capability.COMMENT)
def mention_suggest(request, access):
    """Members matching the ``@word`` being typed at the end of the comment: members only."""
    text = request.GET.get("body") or request.GET.get("q") or ""
    token = text.rsplit(None, 1)[-1] if text.strip() else ""
    people = []
    if token.startswith("@") and "@" not in token[1:]:
        term = token[1:].lower()
        members = [m.user for m in plan_members(plan=access.plan, by_name=True)]
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
        "discussions/partials/mention_suggestions.html",
        {"people": people, "token": token, "target": request.GET.get("target", "")},
    )


# --- presence -----------------------------------------------------------------------------


@plan_view(Capability.VIEW)
def section_presence(request, access):
    """Heartbeat of a section page: who else is here, and whether the section changed."""
    key = section_key(request)
    if not key:
        return HttpResponse("", status=400)
    try:
        others = presence.heartbeat(
            plan=access.plan,
            section_key=key,
            user=request.user,
            editing=request.GET.get("editing") == "1",
        )
    except presence.PresenceUnavailable:
        others = []  # the page goes on without it; the next heartbeat tries again
    token = section_token(section_last_change(request, access.plan, key))
    ctx = {"others": others, "token": token, "plan": access.plan, "section_key": key}
    response = render(request, "discussions/partials/presence.html", ctx)
    seen = request.GET.get("seen")
    if seen and seen != token:
        response["HX-Trigger"] = "planner:section-changed"
    return response
