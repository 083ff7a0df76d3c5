from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from plans.inline import InlineCollection, section_context
from plans.permissions import Capability, plan_view

from . import selectors
from .charts import heatmap_svg
from .forms import ContingencyPlanForm, RiskForm
from .models import Category, ContingencyPlan, Risk, Status

risks = InlineCollection(
    name="risks",
    model=Risk,
    form_class=RiskForm,
    section_key="risks",
    row_template="risks/partials/risk_row.html",
    label=Risk._meta.verbose_name,
    add_label=gettext_lazy("Add a risk"),
    empty_label=gettext_lazy("No risks match."),
    queryset=selectors.risks_for_plan,
    orderable=False,  # the register is sorted by score
)

contingency = InlineCollection(
    name="contingency",
    model=ContingencyPlan,
    form_class=ContingencyPlanForm,
    section_key="risks",
    row_template="risks/partials/contingency_row.html",
    label=ContingencyPlan._meta.verbose_name,
    add_label=gettext_lazy("Add a contingency plan"),
    empty_label=gettext_lazy("No contingency plans match."),
    queryset=selectors.contingency_for_plan,
    orderable=False,
)

COLLECTIONS = {c.dom_id: c for c in (risks, contingency)}


def heatmap_for_page(plan, filters):
    base = reverse("risks:page", kwargs={"plan": plan.uuid})

    def link(likelihood, impact):
        return f"{base}?{urlencode({'likelihood': likelihood, 'impact': impact})}#register"

    selected = (
        (filters["likelihood"], filters["impact"])
        if filters.get("likelihood") and filters.get("impact")
        else None
    )
    return heatmap_svg(
        selectors.heatmap_counts(plan),
        link=link,
        selected=selected,
        htmx_target=f"#{risks.dom_id}",
    )


@plan_view(Capability.VIEW)
def page(request, access):
    target = COLLECTIONS.get(request.htmx.target) if request.htmx else None
    if target is not None:
        return target.render_collection(request, access)
    plan = access.plan
    filters = selectors.register_filters(request)
    context = section_context(request, access, "risks", risks=risks, contingency=contingency)
    context.update(
        {
            "heatmap": heatmap_for_page(plan, filters),
            "residual_heatmap": heatmap_svg(
                selectors.heatmap_counts(plan, residual=True), chart_id="residual-heatmap"
            ),
            "filters": filters,
            "filtered": any(filters.values()),
            "contingency_filters": selectors.contingency_filters(request),
            "contingency_risks": selectors.contingency_risk_choices(plan),
            "categories": Category.choices,
            "statuses": Status.choices,
        }
    )
    return render(request, "risks/page.html", context)
