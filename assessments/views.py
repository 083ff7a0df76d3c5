from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from plans.inline import InlineCollection, item_create, section_context
from plans.permissions import Capability, plan_view

from . import selectors
from .charts import power_interest_svg
from .forms import (
    CauseForm,
    EvidenceForm,
    NeedForm,
    RequirementForm,
    StakeholderForm,
    SwotItemForm,
)
from .models import (
    Cause,
    Evidence,
    GridQuadrant,
    Level,
    Need,
    Quadrant,
    Requirement,
    RequirementStatus,
    SourceType,
    Stakeholder,
    StakeholderType,
    SwotItem,
)

needs = InlineCollection(
    name="needs",
    model=Need,
    form_class=NeedForm,
    section_key="assessments",
    row_template="assessments/partials/need_row.html",
    label=Need._meta.verbose_name,
    add_label=gettext_lazy("Add a need"),
    empty_label=gettext_lazy("No needs yet."),
    queryset=selectors.needs_for_plan,
)

evidence = InlineCollection(
    name="evidence",
    model=Evidence,
    form_class=EvidenceForm,
    section_key="assessments",
    row_template="assessments/partials/evidence_row.html",
    label=Evidence._meta.verbose_name,
    add_label=gettext_lazy("Add a piece of evidence"),
    empty_label=gettext_lazy("No evidence yet."),
    queryset=selectors.evidence_for_plan,
)


def _swot_create(quadrant):
    def create(*, plan, model, data, user):
        return item_create(plan=plan, model=model, data={**data, "quadrant": quadrant}, user=user)

    return create


def _swot_form(quadrant):
    class QuadrantForm(SwotItemForm):
        class Meta(SwotItemForm.Meta):
            fields = ["text", "needs"]

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.instance.quadrant = self.instance.quadrant or quadrant
            self.helper.layout = None

    QuadrantForm.__name__ = f"SwotItemForm_{quadrant}"
    return QuadrantForm


SWOT_ADD_LABELS = {
    Quadrant.STRENGTH: gettext_lazy("Add a strength"),
    Quadrant.WEAKNESS: gettext_lazy("Add a weakness"),
    Quadrant.OPPORTUNITY: gettext_lazy("Add an opportunity"),
    Quadrant.THREAT: gettext_lazy("Add a threat"),
}

swot = {
    q.value: InlineCollection(
        name=f"swot_{q.value}",
        model=SwotItem,
        form_class=_swot_form(q.value),
        section_key="assessments",
        row_template="assessments/partials/swot_row.html",
        label=q.label,
        add_label=SWOT_ADD_LABELS[q],
        empty_label=gettext_lazy("Nothing noted yet."),
        queryset=lambda plan, request, quadrant=q.value: selectors.swot_items(plan, quadrant),
        # Positions are shared by the four quadrants: moving within one is not meaningful.
        orderable=False,
        create=_swot_create(q.value),
    )
    for q in Quadrant
}

causes = InlineCollection(
    name="causes",
    model=Cause,
    form_class=CauseForm,
    section_key="assessments",
    row_template="assessments/partials/cause_row.html",
    label=Cause._meta.verbose_name,
    add_label=gettext_lazy("Add a cause"),
    empty_label=gettext_lazy("No causes yet: ask “why?” about each need."),
    queryset=selectors.causes_for_plan,
    orderable=False,  # the tree gives the order
)


class StakeholderCollection(InlineCollection):
    """Collections of the stakeholders section, whose URLs live in the assessments app."""

    def url(self, action, plan, pk=None):
        kwargs = {"plan": plan.uuid}
        if pk is not None:
            kwargs["pk"] = pk
        return reverse(f"assessments:{self.name}_{action}", kwargs=kwargs)


stakeholders = StakeholderCollection(
    name="stakeholders",
    model=Stakeholder,
    form_class=StakeholderForm,
    section_key="stakeholders",
    row_template="assessments/partials/stakeholder_row.html",
    label=Stakeholder._meta.verbose_name,
    add_label=gettext_lazy("Add a stakeholder"),
    empty_label=gettext_lazy("No stakeholders yet."),
    queryset=selectors.stakeholders_for_plan,
)

requirements = StakeholderCollection(
    name="requirements",
    model=Requirement,
    form_class=RequirementForm,
    section_key="stakeholders",
    row_template="assessments/partials/requirement_row.html",
    label=Requirement._meta.verbose_name,
    add_label=gettext_lazy("Add a requirement"),
    empty_label=gettext_lazy("No requirements yet."),
    queryset=selectors.requirements_for_plan,
    orderable=False,  # grouped by stakeholder
)

ASSESSMENT_COLLECTIONS = [needs, evidence, *swot.values(), causes]


def _partial_for(request, context, collections):
    """An htmx search asks for one collection only: answer with just that one."""
    if not request.htmx:
        return None
    for name, collection in collections.items():
        if request.htmx.target == collection.dom_id:
            return render(request, "partials/inline/collection.html", {"c": context[name]})
    return None


@plan_view(Capability.VIEW)
def page(request, access):
    named = {
        "needs": needs,
        "evidence": evidence,
        "causes": causes,
        **{f"swot_{key}": c for key, c in swot.items()},
    }
    context = section_context(request, access, "assessments", **named)
    partial = _partial_for(request, context, named)
    if partial:
        return partial
    need_options = selectors.need_choices(access.plan)
    context.update(
        {
            "swot_grid": [(q, context[f"swot_{q.value}"]) for q in Quadrant],
            "need_options": need_options,
            "levels": Level.choices,
            "source_types": SourceType.choices,
            "f": request.GET,
        }
    )
    return render(request, "assessments/page.html", context)


@plan_view(Capability.VIEW, objects={"pk": Evidence})
def evidence_download(request, access, pk):
    """Evidence files are only ever served here, to members who may view the plan."""
    if not pk.file:
        raise Http404
    try:
        handle = pk.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=pk.file_name or pk.file.name.rsplit("/", 1)[-1],
        content_type=pk.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@plan_view(Capability.VIEW)
def stakeholders_page(request, access):
    named = {"stakeholders": stakeholders, "requirements": requirements}
    context = section_context(request, access, "stakeholders", **named)
    partial = _partial_for(request, context, named)
    if partial:
        return partial
    context.update(
        {
            "grid_svg": power_interest_svg(selectors.grid_points(access.plan)),
            "stakeholder_types": StakeholderType.choices,
            "grid_quadrants": GridQuadrant.choices,
            "requirement_statuses": RequirementStatus.choices,
            "f": request.GET,
        }
    )
    return render(request, "assessments/stakeholders_page.html", context)
