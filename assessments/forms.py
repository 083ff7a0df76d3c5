from crispy_forms.layout import Column, Field, Layout, Row
from django import forms

from plans.sections.forms import PlanItemForm

from .models import Cause, Evidence, Need, Requirement, Stakeholder, SwotItem


class NeedForm(PlanItemForm):
    class Meta:
        model = Need
        fields = ["statement", "affected_group", "severity", "priority", "description"]

    layout = Layout(
        Field("statement"),
        Row(
            Column("affected_group", css_class="col-md-6"),
            Column("severity", css_class="col-md-3"),
            Column("priority", css_class="col-md-3"),
        ),
        Field("description"),
    )


class EvidenceForm(PlanItemForm):
    class Meta:
        model = Evidence
        fields = ["need", "source_type", "date", "description", "reference", "file"]
        widgets = {
            # A plain input: the stored file is never linked by URL, only through the
            # permission-checked download view.
            "file": forms.FileInput(),
        }

    layout = Layout(
        Row(
            Column("need", css_class="col-md-6"),
            Column("source_type", css_class="col-md-3"),
            Column("date", css_class="col-md-3"),
        ),
        Field("description"),
        Row(Column("reference"), Column("file")),
    )


class SwotItemForm(PlanItemForm):
    class Meta:
        model = SwotItem
        fields = ["quadrant", "text", "needs"]
        widgets = {
            "quadrant": forms.HiddenInput,
            "needs": forms.CheckboxSelectMultiple,
        }

    layout = Layout(Field("text"), Field("needs"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The quadrant is the list's the item was added to (its initial value), never posted.
        self.fields["quadrant"].disabled = True


class CauseForm(PlanItemForm):
    class Meta:
        model = Cause
        fields = ["need", "parent", "statement"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 2})}

    layout = Layout(Row(Column("need"), Column("parent")), Field("statement"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A sub-cause explains its parent's need: the model takes it from there.
        self.fields["need"].required = False
        self.fields["parent"].queryset = self.fields["parent"].queryset.select_related("need")
        if self.instance.pk:
            # Its own sub-causes stay in the list: choosing one is refused with a message
            # (a loop), which says more than a choice that silently disappears.
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(
                pk=self.instance.pk
            )


class StakeholderForm(PlanItemForm):
    class Meta:
        model = Stakeholder
        fields = [
            "name",
            "organisation",
            "stakeholder_type",
            "interest",
            "influence",
            "expectations",
            "engagement_approach",
        ]

    layout = Layout(
        Row(
            Column("name", css_class="col-md-5"),
            Column("organisation", css_class="col-md-4"),
            Column("stakeholder_type", css_class="col-md-3"),
        ),
        Row(Column("interest"), Column("influence")),
        Row(Column("expectations"), Column("engagement_approach")),
    )


class RequirementForm(PlanItemForm):
    class Meta:
        model = Requirement
        fields = ["stakeholder", "statement", "priority", "status"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 2})}

    layout = Layout(
        Row(
            Column("stakeholder", css_class="col-md-4"),
            Column("statement", css_class="col-md-8"),
        ),
        Row(Column("priority"), Column("status")),
    )
