from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.concurrency import ConflictError
from plans.inline import InlineCollection, section_context
from plans.permissions import Capability, plan_view

from . import ical, selectors, services
from .charts import gantt_svg
from .forms import MilestoneForm, TaskForm
from .models import Milestone, Raci, Status, Task

tasks = InlineCollection(
    name="tasks",
    model=Task,
    form_class=TaskForm,
    section_key="actions",
    row_template="actions/partials/task_row.html",
    label=Task._meta.verbose_name,
    add_label=gettext_lazy("Add a task"),
    empty_label=gettext_lazy("No tasks yet."),
    queryset=selectors.tasks_for_plan,
    extra_context=selectors.task_extra_context,
    create=services.task_create,
    update=services.task_update,
)

milestones = InlineCollection(
    name="milestones",
    model=Milestone,
    form_class=MilestoneForm,
    section_key="actions",
    row_template="actions/partials/milestone_row.html",
    label=Milestone._meta.verbose_name,
    add_label=gettext_lazy("Add a milestone"),
    empty_label=gettext_lazy("No milestones yet."),
    queryset=selectors.milestones_for_plan,
    orderable=False,
)

COLLECTIONS = {c.dom_id: c for c in (tasks, milestones)}


def plan_gantt(plan):
    task_data, milestone_data = selectors.gantt_data(plan)
    return gantt_svg(
        task_data,
        milestone_data,
        start=plan.start_date,
        end=plan.end_date,
        today=timezone.localdate(),
    )


@plan_view(Capability.VIEW)
def page(request, access):
    target = COLLECTIONS.get(request.htmx.target) if request.htmx else None
    if target is not None:
        return target.render_collection(request, access)
    plan = access.plan
    context = section_context(request, access, "actions", tasks=tasks, milestones=milestones)
    context.update(
        {
            "gantt": plan_gantt(plan),
            "team": selectors.team_for_plan(plan),
            "statuses": Status.choices,
            "q": request.GET.get("q", ""),
            "status": request.GET.get("status", ""),
            "responsible": request.GET.get("responsible", ""),
            "late": bool(request.GET.get("late")),
        }
    )
    return render(request, "actions/page.html", context)


def _page_number(request):
    value = request.GET.get("page", "1")
    return max(int(value), 1) if value.isdigit() else 1


@plan_view(Capability.VIEW)
def raci(request, access):
    plan = access.plan
    members = selectors.team_for_plan(plan)
    page_number = _page_number(request)
    task_list, has_next = selectors.raci_rows(plan, request, page_number)
    context = {
        "plan": plan,
        "access": access,
        "nav_active": "actions",
        "members": members,
        "rows": [selectors.raci_row(t, members) for t in task_list],
        "roles": Raci.choices,
        "can_edit": access.can(Capability.EDIT),
        "page_number": page_number,
        "has_next": has_next,
        "q": request.GET.get("q", ""),
    }
    return render(request, "actions/raci.html", context)


def _load_row_task(task):
    from django.db.models import Prefetch

    from .models import RaciAssignment

    return (
        Task.objects.filter(pk=task.pk)
        .prefetch_related(Prefetch("raci", queryset=RaciAssignment.objects.all()))
        .get()
    )


@plan_view(Capability.EDIT, methods=["POST"], objects={"pk": Task})
def raci_row(request, access, pk):
    task = pk
    members = selectors.team_for_plan(access.plan)
    parts = {m.pk: request.POST.get(f"raci-{task.pk}-{m.pk}", "") for m in members}
    errors, conflict, status = [], False, 200
    try:
        services.raci_set(
            task=task,
            parts=parts,
            expected_state=request.POST.get(f"state-{task.pk}", ""),
            user=request.user,
        )
    except ConflictError:
        conflict, status = True, 409
    except ValidationError as error:
        errors, status = error.messages, 400
    if not request.htmx:
        if conflict:
            messages.error(request, _("Someone else changed this row meanwhile: check it again."))
        for message in errors:
            messages.error(request, f"{task.title}: {message}")
        if status == 200:
            messages.success(request, _("The RACI row has been saved."))
        return redirect(reverse("actions:raci", kwargs={"plan": access.plan.uuid}))
    row = selectors.raci_row(_load_row_task(task), members)
    if errors:
        # Show the person's choices again, with what is wrong with them.
        for cell in row["cells"]:
            cell["role"] = parts.get(cell["member"].pk, "")
    context = {
        "row": row,
        "roles": Raci.choices,
        "plan": access.plan,
        "can_edit": True,
        "errors": errors,
        "conflict": conflict,
        "saved": status == 200,
    }
    # htmx swaps only successful answers: the row with its messages comes back as 200.
    return render(request, "actions/partials/raci_row.html", context)


@plan_view(Capability.VIEW)
def calendar(request, access):
    feed = selectors.active_feed(access.plan, request.user)
    feed_url = (
        request.build_absolute_uri(reverse("actions:feed", kwargs={"token": feed.token}))
        if feed
        else ""
    )
    context = {
        "plan": access.plan,
        "access": access,
        "nav_active": "actions",
        "feed": feed,
        "feed_url": feed_url,
    }
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
        t["summary"] = f"{t['status_label']} · {t['progress']} %"
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
