from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .dates import bound_date_field
from .models import Plan, PlanStatus, Role


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


TOO_LONG = _(
    "This text has %(show_value)d characters; %(limit_value)d at most fit here. Nothing was "
    "saved or cut: shorten it and save again."
)

# Beside the counter, past the limit: "{count}" is replaced by the number in the browser.
TOO_MANY = _("{count} too many")


def section_choices():
    """(key, title) of every registered section, in guide order, for a choice of section."""
    from .sections import registry

    return [(s.key, s.title) for s in registry.all()]


def show_length_counters(form):
    """Every limited text field of ``form`` shows a live counter instead of cutting text.

    A browser silently truncates what is pasted into an input with ``maxlength``: the limit
    moves to ``data-maxlength``, which ``static/js/length-counter.js`` turns into a counter
    ("812 / 1,000") that turns red past the limit. The server still refuses a text that is too
    long, with a message that says by how much, and saves nothing.
    """
    for field in form.fields.values():
        limit = getattr(field, "max_length", None)
        if not isinstance(field, forms.CharField) or not limit or field.widget.is_hidden:
            continue
        field.widget.attrs.pop("maxlength", None)
        field.widget.attrs["data-maxlength"] = str(limit)
        field.widget.attrs["data-length-over"] = TOO_MANY
        field.error_messages["max_length"] = TOO_LONG


class VersionedFormMixin:
    """Adds the hidden version a save is based on (see plans/concurrency.py)."""

    def add_version_field(self):
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=True)
        if self.instance and self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class PlanForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = Plan.EDITABLE_FIELDS
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "problem_statement": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.add_version_field()
        show_length_counters(self)
        for name in ("start_date", "end_date"):
            bound_date_field(self.fields[name])
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("title"),
            Field("problem_statement"),
            Row(Column("sector"), Column("language")),
            Row(Column("organisation"), Column("reference")),
            Field("geographic_area"),
            Row(Column("start_date"), Column("end_date")),
            *(["version"] if "version" in self.fields else []),
        )
        self.helper.add_input(
            Submit("save", _("Save changes") if self.instance.pk else _("Create plan"))
        )

    reason = None  # a plan's own fields need no reason to change

    def item_data(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class PlanFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *PlanStatus.choices]
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.STAKEHOLDER)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Row(Column("email", css_class="col-md-7"), Column("role")))


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=PlanStatus.choices)
