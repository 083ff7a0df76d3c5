from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from plans.forms import DateInput
from plans.sections.forms import PlanItemForm

from .models import ConsentRecord, EthicalIssue, PersonalDataRecord, Requirement


class RequirementForm(PlanItemForm):
    class Meta:
        model = Requirement
        fields = Requirement.EDITABLE_FIELDS

    layout = Layout(
        Row(Column("requirement", css_class="col-md-8"), Column("category")),
        Row(Column("how_we_comply"), Column("evidence")),
        Row(Column("owner"), Column("status"), Column("next_review")),
    )


class PersonalDataForm(PlanItemForm):
    class Meta:
        model = PersonalDataRecord
        fields = ["data", "purpose", "legal_basis", "special_category", "retention", "access"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 2})}

    layout = Layout(
        Row(Column("data", css_class="col-md-8"), Column("legal_basis")),
        Field("purpose"),
        Field("special_category"),
        Row(Column("retention"), Column("access")),
    )


class ConsentForm(PlanItemForm):
    class Meta:
        model = ConsentRecord
        fields = ["group", "method", "date", "document_reference", "count", "processing"]
        widgets = {"date": DateInput()}

    layout = Layout(
        Row(Column("group", css_class="col-md-6"), Column("method"), Column("date")),
        Row(
            Column("document_reference", css_class="col-md-6"),
            Column("count"),
            Column("processing"),
        ),
    )


class EthicalIssueForm(PlanItemForm):
    class Meta:
        model = EthicalIssue
        fields = [
            "title",
            "dilemma",
            "options",
            "confidentiality",
            "consent",
            "non_maleficence",
            "fairness",
            "decision",
            "rationale",
            "decided_by",
            "decided_on",
        ]
        widgets = {"decided_on": DateInput()}

    layout = Layout(
        Field("title"),
        Row(Column("dilemma"), Column("options")),
        Fieldset(
            _("Principles at stake"),
            Row(
                Column("confidentiality"),
                Column("consent"),
                Column("non_maleficence"),
                Column("fairness"),
            ),
        ),
        Row(Column("decision"), Column("rationale")),
        Row(Column("decided_by"), Column("decided_on")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("dilemma", "options", "decision", "rationale"):
            self.fields[name].widget.attrs["rows"] = 2


class StarterForm(forms.Form):
    keys = forms.MultipleChoiceField(
        label=_("Requirements to add"), widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keys"].choices = choices
