"""The RACI matrix: tasks by team members, one row saved at a time (not a list of items)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.concurrency import ConflictError
from plans.inputs import page_number as page_number_from
from plans.permissions import Capability, plan_view
from plans.sections.filters import ListFilter

from . import selectors, services
from .models import Raci, Task

RACI_FILTER = ListFilter(
    prefix="raci", search=("title",), search_label=gettext_lazy("Search tasks")
)


@plan_view(Capability.VIEW)
def raci(request, access):
    plan = access.plan
    members = selectors.team_for_plan(plan)
    filters = RACI_FILTER.parse(request.GET, plan=plan)
    page_number = page_number_from(request.GET.get("page"))
    tasks = RACI_FILTER.apply(selectors.raci_tasks(plan), filters)
    task_list, has_next = selectors.raci_page(tasks, page=page_number)
    context = access.page_context(
        nav_active="actions",
        members=members,
        rows=[selectors.raci_row(t, members) for t in task_list],
        roles=Raci.choices,
        can_edit=access.can(Capability.EDIT),
        page_number=page_number,
        has_next=has_next,
        search=RACI_FILTER.fields(plan, filters)[0],
    )
    return render(request, "actions/raci.html", context)


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
        return redirect("actions:raci", plan=access.plan.uuid)
    row = selectors.raci_row(selectors.raci_task(task), members)
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
