from django import forms
from django.utils.translation import gettext_lazy as _

from plans.forms import TOO_LONG, section_choices


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
