from django import forms
from django.utils.translation import gettext_lazy as _

from plans.forms import TOO_LONG, DateInput
from plans.sections import registry

from .models import Decision, Delivery, Kind, LinkMode


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
    due_date = forms.DateField(
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
