from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class PlanFileForm(forms.Form):
    file = forms.FileField(
        label=_("Plan file"),
        help_text=_("A plan file (JSON) or workbook (XLSX) exported from Planner."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx,application/json"}),
    )


class TemplateStartForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the plan"),
        choices=settings.LANGUAGES,
        help_text=_("The template's text is in this language; the new plan keeps it."),
    )
