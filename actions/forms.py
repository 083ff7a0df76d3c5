from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from plans.forms import DateInput
from plans.inline import PlanItemForm
from resources.models import BudgetLine

from .models import Milestone, Task


def _tail(form):
    return [f for f in ("version", "change_reason") if f in form.fields]


class BudgetLineChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        label = f"{obj.description} ({obj.amount} {obj.currency})"
        if obj.task_id and obj.task_id != getattr(self, "task_id", None):
            return gettext("%(line)s, now funds “%(task)s”") % {
                "line": label,
                "task": obj.task.title,
            }
        return label


class TaskForm(PlanItemForm):
    # Not named "budget_lines": that is the reverse relation, and the conflict view compares
    # model fields by name.
    funded_by = BudgetLineChoice(
        queryset=BudgetLine.objects.none(),
        required=False,
        label=_("budget lines that fund it"),
        help_text=_(
            "A budget line funds one task: choosing a line that funds another task moves it here."
        ),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

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
        lines = self.fields["funded_by"]
        lines.queryset = (
            BudgetLine.objects.filter(plan=self.plan)
            .select_related("task")
            .order_by("position", "id")
        )
        lines.task_id = self.instance.pk
        if self.instance.pk:
            self.fields["depends_on"].queryset = self.fields["depends_on"].queryset.exclude(
                pk=self.instance.pk
            )
            lines.initial = [line.pk for line in self.instance.budget_lines.all()]
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
            Field("funded_by"),
            *_tail(self),
        )

    def item_data(self):
        # Budget lines point to the task (a foreign key on the line): the task services set
        # them, not the task's own fields.
        return {**super().item_data(), "budget_lines": list(self.cleaned_data["funded_by"])}


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
