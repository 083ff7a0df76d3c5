from django.shortcuts import render
from django.utils.translation import gettext_lazy

from plans.inline import InlineCollection, section_context
from plans.permissions import Capability, plan_view

from . import selectors
from .charts import logic_model_svg
from .forms import AssumptionForm, BarrierForm, LogicElementForm, MethodForm
from .models import Assumption, Barrier, LogicElement, Method, MethodType, Stage

elements = InlineCollection(
    name="elements",
    model=LogicElement,
    form_class=LogicElementForm,
    section_key="strategy",
    row_template="strategy/partials/element_row.html",
    label=LogicElement._meta.verbose_name,
    add_label=gettext_lazy("Add an element to the logic model"),
    empty_label=gettext_lazy("The logic model is empty."),
    queryset=selectors.logic_elements_for_plan,
    orderable=False,  # ordered by stage first; positions are shared by the five stages
)

barriers = InlineCollection(
    name="barriers",
    model=Barrier,
    form_class=BarrierForm,
    section_key="strategy",
    row_template="strategy/partials/barrier_row.html",
    label=Barrier._meta.verbose_name,
    add_label=gettext_lazy("Add a barrier"),
    empty_label=gettext_lazy("No barriers noted yet."),
    queryset=selectors.barriers_for_plan,
)

assumptions = InlineCollection(
    name="assumptions",
    model=Assumption,
    form_class=AssumptionForm,
    section_key="strategy",
    row_template="strategy/partials/assumption_row.html",
    label=Assumption._meta.verbose_name,
    add_label=gettext_lazy("Add an assumption"),
    empty_label=gettext_lazy("No assumptions written down yet."),
    queryset=selectors.assumptions_for_plan,
)

methods = InlineCollection(
    name="methods",
    model=Method,
    form_class=MethodForm,
    section_key="strategy",
    row_template="strategy/partials/method_row.html",
    label=Method._meta.verbose_name,
    add_label=gettext_lazy("Add a method"),
    empty_label=gettext_lazy("No intervention methods yet."),
    queryset=selectors.methods_for_plan,
)

COLLECTIONS = {
    "elements": elements,
    "barriers": barriers,
    "assumptions": assumptions,
    "methods": methods,
}


@plan_view(Capability.VIEW)
def page(request, access):
    context = section_context(request, access, "strategy", **COLLECTIONS)
    if request.htmx:
        for name, collection in COLLECTIONS.items():
            if request.htmx.target == collection.dom_id:
                return render(request, "partials/inline/collection.html", {"c": context[name]})
    context.update(
        {
            "chain_svg": logic_model_svg(selectors.chain_elements(access.plan)),
            "coverage": selectors.coverage(access.plan),
            "stages": Stage.choices,
            "method_types": MethodType.choices,
            "f": request.GET,
        }
    )
    return render(request, "strategy/page.html", context)
