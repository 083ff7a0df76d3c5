from django import forms
from django.utils.translation import gettext_lazy as _

from plans.forms import section_choices

from . import feed


class PublishForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=100, required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What changed and why this version matters."),
    )


class ActivityFilterForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"), required=False)
    user = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label=_("Change"),
        required=False,
        choices=[
            ("", _("All changes")),
            ("+", _("Additions")),
            ("~", _("Edits")),
            ("-", _("Deletions")),
        ],
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("All sections")), *section_choices()]
        # Then what the feed lists besides changes: comments, decisions (history/feed.py).
        self.fields["kind"].choices += [(s.kind, s.label) for s in feed.sources()]
        self.fields["user"].choices = [("", _("Everyone"))] + [
            (m.user.pk, m.user.name) for m in members
        ]
