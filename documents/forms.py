from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from plans.models import PlanVersion

from .models import DocumentFormat


class ExportForm(forms.Form):
    version = forms.ModelChoiceField(
        label=_("What to export"),
        queryset=PlanVersion.objects.none(),
        required=False,
        empty_label=_("The plan as it stands now (published as a new version if it changed)"),
    )
    label = forms.CharField(
        label=_("Label of the new version"),
        max_length=100,
        required=False,
        help_text=_(
            "Used when the plan as it stands is published for this export (for example "
            "“Sent to the council”)."
        ),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=DocumentFormat.choices,
        initial=DocumentFormat.PDF,
        required=False,  # a form without it (the overview's button) asks for the PDF
        widget=forms.RadioSelect,
        help_text=_(
            "The PDF is the document to print, sign and publish; the Word file holds the same "
            "text and tables, for an administration that asks for one."
        ),
    )
    archival = forms.BooleanField(
        label=_("PDF/A-3b for archiving"),
        required=False,
        help_text=_("Choose it for the copy you file: it embeds everything needed to read it."),
    )

    def clean_format(self):
        return self.cleaned_data.get("format") or DocumentFormat.PDF

    def __init__(self, *args, plan, versions=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["version"]
        field.queryset = PlanVersion.objects.filter(plan=plan)
        if versions is not None:
            field.choices = [("", field.empty_label)] + [
                (v.pk, self.version_label(v)) for v in versions
            ]
        field.label_from_instance = self.version_label

    @staticmethod
    def version_label(version):
        date = formats.date_format(timezone.localtime(version.created_at), "SHORT_DATE_FORMAT")
        return f"{version} ({date})"
