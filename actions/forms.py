from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.db.models import Prefetch
from django.utils.formats import date_format, localize
from django.utils.translation import gettext

from plans.formatting import active_language, format_money
from plans.sections.forms import PlanItemForm

from .models import Milestone, Task


def _also_for(obj, task_id):
    """The other tasks a budget line or an allocation already goes to (prefetched), quoted."""
    return ", ".join(
        gettext("“%(task)s”") % {"task": t.title} for t in obj.tasks.all() if t.pk != task_id
    )


class BudgetLineChoice(forms.ModelMultipleChoiceField):
    task_id = None

    def label_from_instance(self, obj):
        if obj.amount is None:
            amount = gettext("amount to be determined")
        else:
            amount = format_money(obj.amount, obj.currency, active_language())
        label = f"{obj.description} ({amount})"
        others = _also_for(obj, self.task_id)
        if others:
            return gettext("%(line)s, also pays for %(tasks)s") % {"line": label, "tasks": others}
        return label


class AllocationChoice(forms.ModelMultipleChoiceField):
    task_id = None

    def label_from_instance(self, obj):
        label = gettext("%(member)s: %(work)s, %(fte)s FTE from %(start)s to %(end)s") % {
            "member": obj.member.name,
            "work": obj.label,
            "fte": localize(obj.fte),
            "start": date_format(obj.start_date, "SHORT_DATE_FORMAT"),
            "end": date_format(obj.end_date, "SHORT_DATE_FORMAT"),
        }
        others = _also_for(obj, self.task_id)
        if others:
            return gettext("%(allocation)s, also for %(tasks)s") % {
                "allocation": label,
                "tasks": others,
            }
        return label


def _titles():
    return Prefetch("tasks", queryset=Task.objects.only("id", "title"))


class TaskForm(PlanItemForm):
    class Meta:
        model = Task
        fields = Task.EDITABLE_FIELDS
        field_classes = {"budget_lines": BudgetLineChoice, "allocations": AllocationChoice}
        widgets = {
            "depends_on": forms.SelectMultiple(attrs={"size": 6}),
            "budget_lines": forms.SelectMultiple(attrs={"size": 4}),
            "allocations": forms.SelectMultiple(attrs={"size": 4}),
        }

    layout = Layout(
        Field("title"),
        Field("description"),
        Row(
            Column("responsible", css_class="col-md-4"),
            Column("responsible_stakeholder", css_class="col-md-4"),
            Column("responsible_other", css_class="col-md-4"),
        ),
        Row(
            Column("period", css_class="col-md-4"),
            Column("start_date", css_class="col-md-4"),
            Column("due_date", css_class="col-md-4"),
        ),
        Row(Column("status"), Column("priority"), Column("progress")),
        Row(Column("depends_on", css_class="col-md-6"), Column("goal"), Column("method")),
        Row(Column("budget_lines"), Column("allocations")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lines, allocations = self.fields["budget_lines"], self.fields["allocations"]
        lines.queryset = lines.queryset.prefetch_related(_titles()).order_by("position", "id")
        allocations.queryset = (
            allocations.queryset.select_related("member")
            .prefetch_related(_titles())
            .order_by("position", "id")
        )
        lines.task_id = allocations.task_id = self.instance.pk
        if self.instance.pk:
            self.fields["depends_on"].queryset = self.fields["depends_on"].queryset.exclude(
                pk=self.instance.pk
            )


class MilestoneForm(PlanItemForm):
    class Meta:
        model = Milestone
        fields = ["title", "period", "date", "description", "tasks"]
        widgets = {
            "tasks": forms.SelectMultiple(attrs={"size": 6}),
        }

    layout = Layout(
        Field("title"),
        Row(Column("period", css_class="col-md-6"), Column("date", css_class="col-md-6")),
        Field("description"),
        Field("tasks"),
    )
