"""The strategy page: the logic model, the methods, barriers and assumptions: declarations."""

from django.utils.translation import gettext_lazy as _

from plans.sections.collection import InlineCollection
from plans.sections.filters import Exact, Flag, ListFilter
from plans.sections.page import section_page

from . import selectors
from .charts import logic_model_svg
from .forms import AssumptionForm, BarrierForm, LogicElementForm, MethodForm

elements = InlineCollection(
    name="elements",
    form_class=LogicElementForm,
    add_label=_("Add an element to the logic model"),
    empty_label=_("The logic model is empty."),
    queryset=selectors.logic_elements_for_plan,
    list_filter=ListFilter(
        exact=(Exact("stage", _("Stage"), all_label=_("All stages")),),
    ),
    orderable=False,  # ordered by stage first; positions are shared by the five stages
)

barriers = InlineCollection(
    name="barriers",
    form_class=BarrierForm,
    add_label=_("Add a barrier"),
    empty_label=_("No barriers noted yet."),
)

assumptions = InlineCollection(
    name="assumptions",
    form_class=AssumptionForm,
    add_label=_("Add an assumption"),
    empty_label=_("No assumptions written down yet."),
    queryset=selectors.assumptions_for_plan,
)

methods = InlineCollection(
    name="methods",
    form_class=MethodForm,
    add_label=_("Add a method"),
    empty_label=_("No intervention methods yet."),
    queryset=selectors.methods_for_plan,
    list_filter=ListFilter(
        search=("name", "description", "target_group", "evidence_base"),
        search_label=_("Search methods"),
        exact=(
            Exact("type", _("Type"), lookup="method_type", all_label=_("All types")),
            Flag("orphan", _("Only methods serving no goal"), selectors.methods_without_goal),
        ),
    ),
)

page = section_page(
    "strategy",
    "strategy/page.html",
    collections=[elements, barriers, assumptions, methods],
    extra=lambda request, access, context: {
        "chain_svg": logic_model_svg(selectors.chain_elements(access.plan)),
        "coverage": selectors.coverage(access.plan),
    },
)
