from django import forms
from django.utils.translation import gettext_lazy as _


class PlanFileForm(forms.Form):
    file = forms.FileField(
        label=_("Plan file"),
        help_text=_("A plan file (JSON) or workbook (XLSX) exported from Planner."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx,application/json"}),
    )
