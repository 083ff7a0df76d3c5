from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from plans.sections.forms import PlanItemForm

from .models import ContingencyPlan, Risk


class RiskForm(PlanItemForm):
    class Meta:
        model = Risk
        fields = Risk.EDITABLE_FIELDS
        widgets = {
            "mitigations": forms.SelectMultiple(attrs={"size": 5}),
            "assumptions": forms.SelectMultiple(attrs={"size": 4}),
            "kpis": forms.SelectMultiple(attrs={"size": 4}),
        }

    layout = Layout(
        Row(Column("title", css_class="col-md-8"), Column("category")),
        Field("description"),
        Row(
            Column("likelihood"),
            Column("impact"),
            Column("owner"),
            Column("status"),
            Column("review_date"),
        ),
        Row(Column("owner_stakeholder"), Column("owner_other")),
        Field("trigger"),
        Fieldset(
            _("Mitigation"),
            Field("mitigation"),
            Row(
                Column("mitigations", css_class="col-md-6"),
                Column("residual_likelihood"),
                Column("residual_impact"),
            ),
        ),
        Fieldset(_("Traceability"), Row(Column("assumptions"), Column("kpis"))),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("likelihood", "impact", "residual_likelihood", "residual_impact"):
            self.fields[name].widget.attrs.update({"min": 1, "max": 5})


class ContingencyPlanForm(PlanItemForm):
    class Meta:
        model = ContingencyPlan
        fields = ContingencyPlan.EDITABLE_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ("trigger", "alternative_actions", "backup_resources", "message")
        }

    layout = Layout(
        Field("risk"),
        Row(Column("trigger"), Column("alternative_actions")),
        Field("backup_resources"),
        Fieldset(
            _("Who communicates what to whom"),
            Row(Column("communicated_by"), Column("audience")),
            Field("message"),
        ),
    )
