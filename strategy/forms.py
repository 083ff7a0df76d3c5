from crispy_forms.layout import Column, Field, Layout, Row
from django import forms

from plans.sections.forms import PlanItemForm

from .models import Assumption, Barrier, LogicElement, Method


class LogicElementForm(PlanItemForm):
    class Meta:
        model = LogicElement
        fields = ["stage", "statement", "description", "goals", "needs"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 2}),
            "goals": forms.CheckboxSelectMultiple,
            "needs": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Row(Column("stage", css_class="col-md-3"), Column("statement", css_class="col-md-9")),
            Field("description"),
            Row(Column("goals"), Column("needs")),
        )


class BarrierForm(PlanItemForm):
    class Meta:
        model = Barrier
        fields = ["statement", "kind", "response"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 2}),
            "response": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Row(Column("statement", css_class="col-md-8"), Column("kind", css_class="col-md-4")),
            Field("response"),
        )


class AssumptionForm(PlanItemForm):
    class Meta:
        model = Assumption
        fields = ["statement", "status", "rationale"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 2}),
            "rationale": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
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
            "description": forms.Textarea(attrs={"rows": 2}),
            "evidence_base": forms.Textarea(attrs={"rows": 2}),
            "scalability": forms.Textarea(attrs={"rows": 2}),
            "sustainability": forms.Textarea(attrs={"rows": 2}),
            "goals": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
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
