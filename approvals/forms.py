from django import forms
from django.utils.translation import gettext_lazy as _

from discussions.models import LinkMode
from plans.dates import BoundedDateField
from plans.forms import TOO_LONG, DateInput, section_choices

from .models import Decision


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment with your decision"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you request changes: say what needs to change."),
    )
    seen = forms.CharField(widget=forms.HiddenInput)


class ReviewRequestForm(forms.Form):
    """Who to ask, what to tell them, and by when the decision is needed."""

    section = forms.CharField(widget=forms.HiddenInput)
    approvers = forms.TypedMultipleChoiceField(
        label=_("Approvers to ask"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one approver.")},
    )
    note = forms.CharField(
        label=_("Note for the approvers"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What to look at, what changed, what you need from them."),
        error_messages={"max_length": TOO_LONG},
    )
    due_date = BoundedDateField(
        label=_("Decision needed by"),
        required=False,
        widget=DateInput(),
        help_text=_("Optional. The approvers see it with the request and on their dashboard."),
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in people}
        self.fields["approvers"].choices = [(p.pk, p.name) for p in people]

    def chosen(self):
        return [self.people[pk] for pk in self.cleaned_data["approvers"]]


class ReviewLinkForm(forms.Form):
    """A link for someone outside the plan: who, to what, to do what, for how long."""

    name = forms.CharField(label=_("Their name"), max_length=200)
    email = forms.EmailField(label=_("Their e-mail address"))
    section_key = forms.ChoiceField(label=_("What they read"), required=False)
    mode = forms.ChoiceField(
        label=_("What they may do"), choices=LinkMode.choices, widget=forms.RadioSelect
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("The link stops working after that, or as soon as you withdraw it."),
    )
    note = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent with the link: what you would like them to look at."),
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, *args, may_decide=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section_key"].choices = [("", _("The whole plan")), *section_choices()]
        if not may_decide:
            self.fields["mode"].choices = [(LinkMode.COMMENT, LinkMode.COMMENT.label)]
            self.fields["mode"].help_text = _(
                "A link that also decides is sent by the plan's owners, who choose its approvers."
            )


class OutsideCommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write something before sending."), "max_length": TOO_LONG},
    )
