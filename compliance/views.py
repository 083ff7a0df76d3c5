"""The compliance section's page, its four lists and the sector's starter requirements."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.permissions import Capability, plan_view
from plans.sections.collection import InlineCollection
from plans.sections.filters import Exact, ListFilter
from plans.sections.page import section_page

from . import selectors, services
from .forms import ConsentForm, EthicalIssueForm, PersonalDataForm, RequirementForm, StarterForm

requirements = InlineCollection(
    name="requirements",
    form_class=RequirementForm,
    add_label=gettext_lazy("Add a requirement"),
    empty_label=gettext_lazy("The checklist is empty."),
    list_filter=ListFilter(
        search=("requirement", "how_we_comply", "evidence", "owner"),
        search_label=gettext_lazy("Search requirements"),
        exact=(
            Exact("category", gettext_lazy("Category"), all_label=gettext_lazy("All categories")),
            Exact("status", gettext_lazy("Status"), all_label=gettext_lazy("All statuses")),
        ),
    ),
)
data_records = InlineCollection(
    name="data",
    intro=gettext_lazy(
        "Describe kinds of data and groups of people; never enter the personal data itself."
    ),
    form_class=PersonalDataForm,
    add_label=gettext_lazy("Add a processing of personal data"),
    empty_label=gettext_lazy("No personal data processing recorded."),
)
consents = InlineCollection(
    name="consents",
    title=gettext_lazy("Informed consent"),
    form_class=ConsentForm,
    add_label=gettext_lazy("Add a consent record"),
    empty_label=gettext_lazy("No consent recorded yet."),
    queryset=selectors.consents_for_plan,
)
issues = InlineCollection(
    name="issues",
    title=gettext_lazy("Ethical issues and decisions"),
    form_class=EthicalIssueForm,
    add_label=gettext_lazy("Add an ethical issue"),
    empty_label=gettext_lazy("No ethical issue recorded."),
    list_filter=ListFilter(
        search=("title", "dilemma", "decision", "rationale"),
        search_label=gettext_lazy("Search ethical issues"),
    ),
)


page = section_page(
    "compliance",
    "compliance/page.html",
    collections=[requirements, data_records, consents, issues],
    extra=lambda request, access, context: {"can_manage": access.can(Capability.MANAGE)},
)


@plan_view(Capability.MANAGE, methods=["GET", "POST"])
def starters(request, access):
    items = selectors.starter_choices(access.plan)
    choices = [(i["key"], i["text"]) for i in items if not i["present"]]
    form = StarterForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        created = services.requirements_add_starters(
            plan=access.plan, keys=set(form.cleaned_data["keys"]), user=request.user
        )
        message = _("Requirements added to the checklist: %(count)s.")
        messages.success(request, message % {"count": len(created)})
        return redirect("compliance:page", plan=access.plan.uuid)
    if request.method == "POST" and not choices:
        form.errors.clear()
        form.add_error(None, _("Every starter requirement is already in the checklist."))
    context = access.page_context(nav_active="compliance", form=form)
    context.update(items=items, sector=access.plan.get_sector_display())
    return render(request, "compliance/starters.html", context, status=400 if form.errors else 200)
