"""The base form of every section item.

``PlanItemForm`` limits its dates to the years every chart can draw (``plans/dates.py``), the
choices of related items to the plan (and the models check it
again for every write path: ``PlanScopedModel.clean_fields``), carries the version a save is
based on (lost updates are refused, ``plans/concurrency.py``) and asks for a reason when an
extension says the section's changes need one (an approved section). Its hidden fields are
appended to whatever layout a phase form declares, so a form's ``__init__`` is its layout only.
"""

import copy

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field
from django import forms
from django.db import models
from django.forms.models import ModelFormMetaclass
from django.utils.translation import gettext_lazy

from ..dates import bound_date_field
from ..forms import DateInput, VersionedFormMixin, show_length_counters
from ..history import CHANGE_REASON_MAX
from ..numbers import localized_formfield
from .extensions import extensions

# Fields of the toolkit's own that every item form carries, in this order, after the layout.
TOOLKIT_FIELDS = ("version", "change_reason", "edit_reason")
LONG_TEXT = 1000  # characters from which a text field is edited in a box, not on one line


def item_formfield(db_field, **kwargs):
    """The form field of an item's model field: numbers read by the one parser, dates picked
    with the browser's date input and long texts (a text field, or a thousand characters or
    more) in a two-line box, unless the form's ``Meta.widgets`` names another widget."""
    long_text = isinstance(db_field, models.TextField) or (
        isinstance(db_field, models.CharField) and (db_field.max_length or 0) >= LONG_TEXT
    )
    if "widget" not in kwargs:
        if type(db_field) is models.DateField:
            kwargs["widget"] = DateInput()
        elif long_text and not db_field.choices:
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2})
    return localized_formfield(db_field, **kwargs)


class PlanItemFormMetaclass(ModelFormMetaclass):
    """Every item form builds its fields with ``item_formfield``.

    A phase form's ``Meta`` need not say so: the callback is set on it unless it names its own.
    """

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(item_formfield)
        return super().__new__(mcs, name, bases, attrs)


class PlanItemForm(VersionedFormMixin, forms.ModelForm, metaclass=PlanItemFormMetaclass):
    # As long as the history's column: the visible reason field has the same limit.
    change_reason = forms.CharField(
        required=False, max_length=CHANGE_REASON_MAX, widget=forms.HiddenInput
    )
    # How the fields are laid out (a crispy-forms ``Layout``), declared on the class; each form
    # draws its own copy, to which the toolkit's hidden fields are appended.
    layout = None

    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        from .registry import registry

        section = registry.section_for_model(self._meta.model)
        self.reason_required = bool(section) and extensions.reason_required(plan, section.key)
        if self.reason_required:
            self.fields["edit_reason"] = forms.CharField(
                label=gettext_lazy("Reason for this change"),
                max_length=CHANGE_REASON_MAX,
                help_text=gettext_lazy(
                    "This section is approved. Say briefly why you change it: the reason is "
                    "kept with the change and shown to the approvers."
                ),
            )
        for f in self.fields.values():
            if isinstance(f, forms.DateField):
                bound_date_field(f)  # years 1900-2200: what every chart and feed can draw
            qs = getattr(f, "queryset", None)
            if qs is not None and any(x.name == "plan" for x in qs.model._meta.fields):
                f.queryset = qs.filter(plan=plan)
        if self.instance.pk:
            self.add_version_field()
        show_length_counters(self)  # a counter, never a silent maxlength cut
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        if self.layout is not None:
            self.helper.layout = copy.deepcopy(self.layout)

    @property
    def helper(self):
        helper = self._helper
        # Subclasses lay out their own fields; the toolkit's fields must show whatever they chose.
        if helper.layout is not None:
            names = {pointer.name for pointer in helper.layout.get_field_names()}
            for name in TOOLKIT_FIELDS:
                if name in self.fields and name not in names:
                    helper.layout.append(Field(name))
        return helper

    @helper.setter
    def helper(self, value):
        self._helper = value

    def clean(self):
        cleaned = super().clean()
        if self.reason_required and cleaned.get("edit_reason"):
            cleaned["change_reason"] = cleaned["edit_reason"]
        return cleaned

    def item_data(self):
        """The cleaned values of the model's own fields, for the item services."""
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in TOOLKIT_FIELDS and k in self._meta.fields
        }

    @property
    def reason(self):
        return self.cleaned_data.get("change_reason") or None
