from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from plans.sections.forms import PlanItemForm

from .models import CommunicationEntry, Engagement


class CommunicationEntryForm(PlanItemForm):
    class Meta:
        model = CommunicationEntry
        fields = CommunicationEntry.EDITABLE_FIELDS
        widgets = {
            "key_messages": forms.Textarea(attrs={"rows": 3}),
        }

    layout = Layout(
        Fieldset(_("Audience"), Row(Column("audience_stakeholder"), Column("audience_group"))),
        Field("key_messages"),
        Row(Column("channel"), Column("channel_other")),
        Row(Column("frequency"), Column("period"), Column("start_date")),
        Row(Column("owner"), Column("last_done_on")),
        Field("feedback_mechanism"),
    )


class EngagementForm(PlanItemForm):
    class Meta:
        model = Engagement
        fields = ["kind", "title", "date", "participants", "summary", "concerns", "follow_ups"]
        widgets = {
            "participants": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    layout = Layout(
        Row(Column("kind"), Column("title", css_class="col-md-6"), Column("date")),
        Field("participants"),
        Field("summary"),
        Row(Column("concerns"), Column("follow_ups")),
    )
