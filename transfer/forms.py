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


class NextCycleForm(forms.Form):
    """Start the next cycle: its title, the team, and the KPIs whose latest measurement becomes
    the new baseline (none unless the planner ticks them)."""

    title = forms.CharField(label=_("Title of the new plan"), max_length=200)
    members = forms.BooleanField(
        label=_("Bring the team: the same members with the same roles"),
        required=False,
        initial=True,
    )
    baselines = forms.TypedMultipleChoiceField(
        label=_("New baselines"),
        help_text=_(
            "Each ticked KPI starts the new cycle with its latest measurement as its baseline. "
            "The others keep the baseline they have."
        ),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, kpis=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["baselines"].choices = kpis
        if not kpis:
            del self.fields["baselines"]


class TemplateStartForm(forms.Form):
    language = forms.ChoiceField(
        label=capfirst(Plan._meta.get_field("language").verbose_name),
        choices=settings.LANGUAGES,
        help_text=_("The template's text is in this language; the new plan keeps it."),
    )


class CloneForm(forms.Form):
    title = forms.CharField(label=_("Title of the copy"), max_length=200, required=False)
    invite_members = forms.BooleanField(
        label=_("Invite the same members with the same roles"),
        help_text=_("Each of them gets an invitation to the copy; you stay its owner."),
        required=False,
    )
