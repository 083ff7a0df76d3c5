"""The calendar feed (a secret .ics address per person) and the person's own tasks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.permissions import Capability, plan_view

from . import ical, selectors, services


@plan_view(Capability.VIEW)
def calendar(request, access):
    feed = selectors.active_feed(access.plan, request.user)
    feed_url = (
        request.build_absolute_uri(reverse("actions:feed", kwargs={"token": feed.token}))
        if feed
        else ""
    )
    context = access.page_context(
        nav_active="actions",
        feed=feed,
        feed_url=feed_url,
    )
    return render(request, "actions/calendar.html", context)


@plan_view(Capability.VIEW, methods=["POST"])
def calendar_renew(request, access):
    services.calendar_feed_renew(plan=access.plan, user=request.user)
    messages.success(
        request, _("Your calendar address is ready. Any previous one stopped working.")
    )
    return redirect("actions:calendar", plan=access.plan.uuid)


@plan_view(Capability.VIEW, methods=["POST"])
def calendar_revoke(request, access):
    services.calendar_feed_revoke(plan=access.plan, user=request.user)
    messages.success(request, _("Your calendar address has been revoked."))
    return redirect("actions:calendar", plan=access.plan.uuid)


def calendar_feed(request, token):
    """The .ics feed: the secret token is the only credential, so it is checked every time."""
    if request.method not in ("GET", "HEAD"):
        raise Http404
    feed = selectors.feed_by_token(token)
    if feed is None:
        raise Http404
    task_data, milestone_data = selectors.gantt_data(feed.plan)
    for t in task_data:
        progress = t["progress"]
        shown = _("progress not reported") if progress is None else f"{progress} %"
        t["summary"] = f"{t['status_label']} · {shown}"
    body = ical.calendar(
        name=feed.plan.title,
        tasks=task_data,
        milestones=milestone_data,
        host=request.get_host().split(":")[0] or "planner",
        url=request.build_absolute_uri(reverse("actions:page", kwargs={"plan": feed.plan.uuid})),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="plan.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def my_tasks(request):
    show_done = bool(request.GET.get("done"))
    items = list(selectors.my_tasks(request.user, show_done=show_done))
    today = timezone.localdate()
    for item in items:
        item.late = item.is_late(today)
    return render(
        request, "actions/my_tasks.html", {"tasks": items, "show_done": show_done, "today": today}
    )
