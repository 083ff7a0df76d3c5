from crispy_forms.layout import Column, Field, Layout, Row
from django import forms

from plans.forms import DateInput
from plans.inline import PlanItemForm

from .models import Milestone, Task


def _tail(form):
    return [f for f in ("version", "change_reason") if f in form.fields]


class TaskForm(PlanItemForm):
    class Meta:
        model = Task
        fields = [
            "title",
            "description",
            "responsible",
            "start_date",
            "due_date",
            "status",
            "priority",
            "progress",
            "depends_on",
            "goal",
            "method",
        ]
        widgets = {
            "start_date": DateInput(),
            "due_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 2}),
            "depends_on": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["depends_on"].queryset = self.fields["depends_on"].queryset.exclude(
                pk=self.instance.pk
            )
        self.helper.layout = Layout(
            Field("title"),
            Field("description"),
            Row(
                Column("responsible", css_class="col-md-4"),
                Column("start_date", css_class="col-md-4"),
                Column("due_date", css_class="col-md-4"),
            ),
            Row(Column("status"), Column("priority"), Column("progress")),
            Row(Column("depends_on", css_class="col-md-6"), Column("goal"), Column("method")),
            *_tail(self),
        )


class MilestoneForm(PlanItemForm):
    class Meta:
        model = Milestone
        fields = ["title", "date", "description", "tasks"]
        widgets = {
            "date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 2}),
            "tasks": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Row(Column("title", css_class="col-md-8"), Column("date")),
            Field("description"),
            Field("tasks"),
            *_tail(self),
        )
