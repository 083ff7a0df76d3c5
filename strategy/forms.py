from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils.translation import gettext as _

from plans.sections.forms import PlanItemForm

from .models import Assumption, Barrier, LogicElement, Method


class LogicElementForm(PlanItemForm):
    class Meta:
        model = LogicElement
        fields = ["stage", "statement", "description", "goals", "needs", "leads_to"]
        widgets = {
            "goals": forms.CheckboxSelectMultiple,
            "needs": forms.CheckboxSelectMultiple,
            "leads_to": forms.CheckboxSelectMultiple,
        }

    layout = Layout(
        Row(Column("stage", css_class="col-md-3"), Column("statement", css_class="col-md-9")),
        Field("description"),
        Row(Column("goals"), Column("needs")),
        Field("leads_to"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = self.fields["leads_to"].queryset.exclude(pk=self.instance.pk)
        self.fields["leads_to"].queryset = others.order_by("stage", "position", "id")
        self.fields["leads_to"].label_from_instance = lambda e: (
            f"{e.get_stage_display()}: {e.statement}"
        )

    def clean(self):
        cleaned = super().clean()
        stage = cleaned.get("stage")
        later = [e for e in cleaned.get("leads_to") or [] if stage and e.stage <= int(stage)]
        if later:
            self.add_error(
                "leads_to",
                _("An element leads only to elements of a later stage: %(names)s.")
                % {"names": "; ".join(str(e) for e in later)},
            )
        return cleaned


class BarrierForm(PlanItemForm):
    class Meta:
        model = Barrier
        fields = ["statement", "kind", "response"]

    layout = Layout(
        Row(Column("statement", css_class="col-md-8"), Column("kind", css_class="col-md-4")),
        Field("response"),
    )


class AssumptionForm(PlanItemForm):
    class Meta:
        model = Assumption
        fields = ["statement", "status", "rationale"]

    layout = Layout(
        Row(Column("statement", css_class="col-md-8"), Column("status", css_class="col-md-4")),
        Field("rationale"),
    )


class MethodForm(PlanItemForm):
    class Meta:
        model = Method
        fields = [
            "name",
            "method_type",
            "target_group",
            "description",
            "evidence_base",
            "scalability",
            "sustainability",
            "goals",
        ]
        widgets = {
            "goals": forms.CheckboxSelectMultiple,
        }

    layout = Layout(
        Row(
            Column("name", css_class="col-md-5"),
            Column("method_type", css_class="col-md-3"),
            Column("target_group", css_class="col-md-4"),
        ),
        Field("description"),
        Field("evidence_base"),
        Row(Column("scalability"), Column("sustainability")),
        Field("goals"),
    )
