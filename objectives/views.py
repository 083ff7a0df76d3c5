from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.concurrency import save_versioned_form
from plans.inline import InlineCollection, section_context
from plans.permissions import Capability, plan_view

from . import selectors, services
from .forms import GoalForm, ScopeForm
from .models import Goal

goals = InlineCollection(
    name="goals",
    model=Goal,
    form_class=GoalForm,
    section_key="objectives",
    row_template="objectives/partials/goal_row.html",
    label=Goal._meta.verbose_name,
    add_label=gettext_lazy("Add a goal"),
    empty_label=gettext_lazy("No goals yet."),
    queryset=selectors.goals_for_plan,
    extra_context=selectors.goal_extra_context,
)


@plan_view(Capability.VIEW)
def page(request, access):
    context = section_context(request, access, "objectives", goals=goals)
    context["scope"] = selectors.scope_for_plan(access.plan)
    context["q"] = request.GET.get("q", "")
    context["incomplete"] = bool(request.GET.get("incomplete"))
    if request.htmx and request.htmx.target == goals.dom_id:
        return render(request, "partials/inline/collection.html", {"c": context["goals"]})
    return render(request, "objectives/page.html", context)


@plan_view(Capability.EDIT, methods=["GET", "POST"])
def scope_edit(request, access):
    scope = selectors.scope_for_plan(access.plan)
    form = ScopeForm(request.POST or None, instance=scope, plan=access.plan)
    if scope is None and "version" not in form.fields:
        form.add_version_field()
        form.fields["version"].required = False
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = save_versioned_form(
            form,
            lambda: services.scope_save(
                plan=access.plan,
                data=form.item_data(),
                expected_version=form.cleaned_data.get("version"),
                user=request.user,
                reason=form.cleaned_data.get("change_reason") or None,
            ),
        )
        if saved:
            scope = selectors.scope_for_plan(access.plan)
            if request.htmx:
                return render(
                    request,
                    "objectives/partials/scope.html",
                    {"scope": scope, "plan": access.plan, "can_edit": True},
                )
            messages.success(request, _("The scope has been saved."))
            return redirect("objectives:page", plan=access.plan.uuid)
    template = (
        "objectives/partials/scope_form.html" if request.htmx else "objectives/scope_page.html"
    )
    context = {
        "form": form,
        "plan": access.plan,
        "access": access,
        "conflict": conflict,
        "nav_active": "objectives",
    }
    status = 200 if request.htmx or request.method == "GET" else (409 if conflict else 400)
    return render(request, template, context, status=status)
