from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.inline import InlineCollection, section_context
from plans.permissions import Capability, plan_view

from . import selectors, services
from .forms import ConsentForm, EthicalIssueForm, PersonalDataForm, RequirementForm, StarterForm
from .models import (
    Category,
    ConsentRecord,
    EthicalIssue,
    PersonalDataRecord,
    Requirement,
    RequirementStatus,
)

requirements = InlineCollection(
    name="requirements",
    model=Requirement,
    form_class=RequirementForm,
    section_key="compliance",
    row_template="compliance/partials/requirement_row.html",
    label=Requirement._meta.verbose_name,
    add_label=gettext_lazy("Add a requirement"),
    empty_label=gettext_lazy("The checklist is empty."),
    queryset=selectors.requirements_for_plan,
)
data_records = InlineCollection(
    name="data",
    model=PersonalDataRecord,
    form_class=PersonalDataForm,
    section_key="compliance",
    row_template="compliance/partials/data_row.html",
    label=PersonalDataRecord._meta.verbose_name,
    add_label=gettext_lazy("Add a processing of personal data"),
    empty_label=gettext_lazy("No personal data processing recorded."),
    queryset=selectors.data_records_for_plan,
)
consents = InlineCollection(
    name="consents",
    model=ConsentRecord,
    form_class=ConsentForm,
    section_key="compliance",
    row_template="compliance/partials/consent_row.html",
    label=ConsentRecord._meta.verbose_name,
    add_label=gettext_lazy("Add a consent record"),
    empty_label=gettext_lazy("No consent recorded yet."),
    queryset=selectors.consents_for_plan,
)
issues = InlineCollection(
    name="issues",
    model=EthicalIssue,
    form_class=EthicalIssueForm,
    section_key="compliance",
    row_template="compliance/partials/issue_row.html",
    label=EthicalIssue._meta.verbose_name,
    add_label=gettext_lazy("Add an ethical issue"),
    empty_label=gettext_lazy("No ethical issue recorded."),
    queryset=selectors.issues_for_plan,
)


@plan_view(Capability.VIEW)
def page(request, access):
    for collection in (requirements, issues):
        if request.htmx and request.htmx.target == collection.dom_id:
            return collection.render_collection(request, access)
    context = section_context(
        request,
        access,
        "compliance",
        requirements=requirements,
        data_records=data_records,
        consents=consents,
        issues=issues,
    )
    context.update(
        q=request.GET.get("q", ""),
        category=request.GET.get("category", ""),
        status=request.GET.get("status", ""),
        iq=request.GET.get("iq", ""),
        categories=Category.choices,
        statuses=RequirementStatus.choices,
        can_manage=access.can(Capability.MANAGE),
    )
    return render(request, "compliance/page.html", context)


@plan_view(Capability.MANAGE, methods=["GET", "POST"])
def starters(request, access):
    items = selectors.starter_choices(access.plan)
    choices = [(i["key"], i["text"]) for i in items if not i["present"]]
    form = StarterForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        created = services.requirements_add_starters(
            plan=access.plan, keys=set(form.cleaned_data["keys"]), user=request.user
        )
        messages.success(
            request,
            _("Requirements added to the checklist: %(count)s.") % {"count": len(created)},
        )
        return redirect("compliance:page", plan=access.plan.uuid)
    if request.method == "POST" and not choices:
        form.errors.clear()
        form.add_error(None, _("Every starter requirement is already in the checklist."))
    context = {
        "plan": access.plan,
        "access": access,
        "nav_active": "compliance",
        "items": items,
        "form": form,
        "sector": access.plan.get_sector_display(),
    }
    return render(request, "compliance/starters.html", context, status=400 if form.errors else 200)
