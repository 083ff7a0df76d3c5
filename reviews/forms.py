from django import forms
from django.utils.translation import gettext_lazy as _

from plans.forms import TOO_LONG
from plans.sections import registry

from .models import Decision, Delivery, Kind


def section_choices():
    return [(s.key, s.title) for s in registry.all()]


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Markdown works: **bold**, *italic*, lists, links. Mention a member with @."),
        error_messages={"required": _("Write something before sending."), "max_length": TOO_LONG},
    )


class ThreadForm(CommentForm):
    section_key = forms.ChoiceField(label=_("Section"), choices=())
    content_type = forms.IntegerField(required=False, widget=forms.HiddenInput)
    object_id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section_key"].choices = section_choices()
        self.order_fields(["section_key", "body"])


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you request changes: say what needs to change."),
    )
    seen = forms.CharField(widget=forms.HiddenInput)


class ReviewRequestForm(forms.Form):
    section = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note for the approvers"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PublishForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=100, required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What changed and why this version matters."),
    )


class PreferencesForm(forms.Form):
    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        for value, label in Kind.choices:
            self.fields[value] = forms.ChoiceField(
                label=label,
                choices=Delivery.choices,
                initial=current.get(value, Delivery.IMMEDIATE),
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
            ("comment", _("Comments")),
            ("decision", _("Approval decisions")),
        ],
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("All sections")), *section_choices()]
        self.fields["user"].choices = [("", _("Everyone"))] + [
            (m.user.pk, m.user.name) for m in members
        ]
