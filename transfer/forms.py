from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from plans.models import Plan


class PlanFileForm(forms.Form):
    file = forms.FileField(
        label=_("Plan file"),
        help_text=_("A plan file (JSON) or workbook (XLSX) exported from Planner."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx,application/json"}),
    )


class TemplateStartForm(forms.Form):
    language = forms.ChoiceField(
        label=capfirst(Plan._meta.get_field("language").verbose_name),
        choices=settings.LANGUAGES,
        help_text=_("The template's text is in this language; the new plan keeps it."),
    )
