from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.concurrency import save_versioned_form
from plans.inline import InlineCollection, section_context
from plans.permissions import Capability, plan_view

from . import selectors, services
from .charts import budget_chart_svg
from .forms import AllocationForm, BudgetLineForm, ResourcesSettingsForm, TeamMemberForm
from .models import Allocation, BudgetLine, Category, TeamMember

members = InlineCollection(
    name="members",
    model=TeamMember,
    form_class=TeamMemberForm,
    section_key="resources",
    row_template="resources/partials/member_row.html",
    label=TeamMember._meta.verbose_name,
    add_label=gettext_lazy("Add a team member"),
    empty_label=gettext_lazy("No team members yet."),
    queryset=selectors.members_for_plan,
)

budget = InlineCollection(
    name="budget",
    model=BudgetLine,
    form_class=BudgetLineForm,
    section_key="resources",
    row_template="resources/partials/budget_row.html",
    label=BudgetLine._meta.verbose_name,
    add_label=gettext_lazy("Add a budget line"),
    empty_label=gettext_lazy("No budget lines yet."),
    queryset=selectors.budget_lines_for_plan,
    extra_context=selectors.budget_extra_context,
)

allocations = InlineCollection(
    name="allocations",
    model=Allocation,
    form_class=AllocationForm,
    section_key="resources",
    row_template="resources/partials/allocation_row.html",
    label=Allocation._meta.verbose_name,
    add_label=gettext_lazy("Add an allocation"),
    empty_label=gettext_lazy("No allocations yet."),
    queryset=selectors.allocations_for_plan,
)

COLLECTIONS = {c.dom_id: c for c in (members, budget, allocations)}


def budget_charts(summary, language):
    currency = summary["currency"]
    return {
        "category": budget_chart_svg(
            summary["by_category"],
            title=_("Budget by category"),
            currency=currency,
            language=language,
            chart_id="budget-by-category",
        ),
        "source": budget_chart_svg(
            summary["by_source"],
            title=_("Budget by funding source"),
            currency=currency,
            language=language,
            chart_id="budget-by-source",
        ),
    }


@plan_view(Capability.VIEW)
def page(request, access):
    target = COLLECTIONS.get(request.htmx.target) if request.htmx else None
    if target is not None:
        return target.render_collection(request, access)
    plan = access.plan
    context = section_context(
        request, access, "resources", members=members, budget=budget, allocations=allocations
    )
    settings = selectors.settings_for_plan(plan)
    summary = selectors.budget_summary(plan, settings)
    context.update(
        {
            "settings": settings,
            "summary": summary,
            "charts": budget_charts(summary, plan.language),
            "categories": Category.choices,
            "sources": [r["key"] for r in summary["by_source"] if r["key"]],
            "q": request.GET.get("q", ""),
            "team_q": request.GET.get("team_q", ""),
            "category": request.GET.get("category", ""),
            "source": request.GET.get("source", ""),
        }
    )
    return render(request, "resources/page.html", context)


@plan_view(Capability.VIEW)
def allocation(request, access):
    grid = selectors.allocation_grid(access.plan)
    summary = selectors.budget_summary(access.plan)
    context = {
        "plan": access.plan,
        "access": access,
        "nav_active": "resources",
        "grid": grid,
        "summary": summary,
    }
    return render(request, "resources/allocation.html", context)


@plan_view(Capability.EDIT, methods=["GET", "POST"])
def settings_edit(request, access):
    plan = access.plan
    current = selectors.settings_for_plan(plan)
    instance = current if current.pk else None
    form = ResourcesSettingsForm(request.POST or None, instance=instance, plan=plan)
    if instance is None:
        form.add_version_field()
        form.fields["version"].required = False
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = save_versioned_form(
            form,
            lambda: services.settings_save(
                plan=plan,
                data=form.item_data(),
                expected_version=form.cleaned_data.get("version"),
                user=request.user,
                reason=form.cleaned_data.get("change_reason") or None,
            ),
        )
        if saved:
            messages.success(request, _("The budget settings have been saved."))
            return redirect("resources:page", plan=plan.uuid)
    context = {
        "form": form,
        "plan": plan,
        "access": access,
        "conflict": conflict,
        "nav_active": "resources",
    }
    status = 200 if request.method == "GET" else (409 if conflict else 400)
    return render(request, "resources/settings_page.html", context, status=status)
