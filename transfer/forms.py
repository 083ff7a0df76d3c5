from django import forms
from django.utils.translation import gettext_lazy as _


class PlanFileForm(forms.Form):
    file = forms.FileField(
        label=_("Plan file"),
        help_text=_("A plan file (JSON) or workbook (XLSX) exported from Planner."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx,application/json"}),
    )


class CloneForm(forms.Form):
    title = forms.CharField(label=_("Title of the copy"), max_length=200, required=False)
    invite_members = forms.BooleanField(
        label=_("Invite the same members with the same roles"),
        help_text=_("Each of them gets an invitation to the copy; you stay its owner."),
        required=False,
    )
