from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from plans.models import PlanVersion


class ExportForm(forms.Form):
    version = forms.ModelChoiceField(
        label=_("What to export"),
        queryset=PlanVersion.objects.none(),
        required=False,
        empty_label=_("The plan as it stands now (published as a new version if it changed)"),
    )
    archival = forms.BooleanField(
        label=_("PDF/A-3b for archiving"),
        required=False,
        help_text=_("Choose it for the copy you file: it embeds everything needed to read it."),
    )

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
