from decimal import Decimal

from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from plans.forms import DateInput
from plans.inputs import parse_id
from plans.numbers import LocalizedDecimalField
from plans.sections.forms import PlanItemForm

from .models import KPI, EvaluationFinding, Lesson, Measurement, Milestone


class KPIForm(PlanItemForm):
    class Meta:
        model = KPI
        fields = KPI.EDITABLE_FIELDS

    layout = Layout(
        Row(Column("name", css_class="col-md-7"), Column("goal")),
        Field("element"),
        Field("definition"),
        Row(Column("unit", css_class="col-md-4"), Column("direction")),
        Field("breakdown"),
        Fieldset(
            _("From baseline to target"),
            Row(
                Column("baseline_value"),
                Column("baseline_date"),
                Column("target_value"),
                Column("target_date"),
            ),
        ),
        Fieldset(
            _("Collection"),
            Row(Column("frequency"), Column("collection_tool")),
            Row(Column("data_source"), Column("owner")),
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        element = self.fields["element"]
        element.queryset = element.queryset.order_by("stage", "position", "id")
        element.label_from_instance = lambda e: f"{e.get_stage_display()}: {e.statement}"


class KPIChildForm(PlanItemForm):
    """A row that belongs to one KPI: the KPI is fixed when the form is opened from its page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk or self.initial.get("kpi"):
            self.fields["kpi"].widget = forms.HiddenInput()


class PeriodFormMixin:
    """A target or a measurement is entered for a period written as the plan writes it.

    One written before periods existed has a date only: its form shows that date as
    2025-03-31, which reads back as the same day in any language.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].required = True
        self.fields["period"].widget.attrs.setdefault("placeholder", "2025, T1 2025, 2023-2024…")
        if self.instance.pk and not self.instance.period and self.instance.date:
            # The model form's initial holds the empty period: the date stands in for it.
            self.initial["period"] = self.instance.date.isoformat()


class MeasurementForm(PeriodFormMixin, KPIChildForm):
    """A value, and its value by category when the KPI declares breakdowns (sex, age group...)."""

    class Meta:
        model = Measurement
        fields = ["kpi", "period", "value", "note", "breakdown_values"]
        widgets = {"note": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["breakdown_values"].widget = forms.HiddenInput()
        self.fields["breakdown_values"].required = False
        self.categories = []  # (field name, breakdown, category)
        kpi = self._kpi()
        stored = self.instance.breakdown_values or {}
        rows = []
        for i, (breakdown, categories) in enumerate(kpi.breakdowns if kpi else []):
            columns = []
            for j, category in enumerate(categories):
                name = f"breakdown_{i}_{j}"
                self.fields[name] = LocalizedDecimalField(
                    label=f"{breakdown}: {category}" if breakdown else category,
                    required=False,
                    max_digits=18,
                    decimal_places=2,
                )
                known = stored.get(breakdown, {}).get(category)
                self.initial.setdefault(name, Decimal(known) if known is not None else None)
                self.categories.append((name, breakdown, category))
                columns.append(Column(name))
            rows.append(Row(*columns))
        layout = [
            Field("kpi"),
            Row(Column("period"), Column("value"), Column("note", css_class="col-md-6")),
        ]
        if rows:
            layout.append(Fieldset(_("Values by category (leave empty what is not known)"), *rows))
        self.helper.layout = Layout(*layout, Field("breakdown_values"))

    def _kpi(self):
        if self.instance.pk:
            return self.instance.kpi
        raw = self.data.get("kpi") if self.is_bound else self.initial.get("kpi")
        pk = parse_id(raw)
        return KPI.objects.filter(plan=self.plan, pk=pk).first() if pk is not None else None

    def clean(self):
        cleaned = super().clean()
        values = {}
        for name, breakdown, category in self.categories:
            value = cleaned.pop(name, None)
            if value is not None:
                values.setdefault(breakdown, {})[category] = str(value)
        cleaned["breakdown_values"] = values
        return cleaned


class MilestoneForm(PeriodFormMixin, KPIChildForm):
    class Meta:
        model = Milestone
        fields = ["kpi", "period", "value", "target_text", "label"]
        widgets = {"label": forms.TextInput()}

    layout = Layout(
        Field("kpi"),
        Row(Column("period"), Column("value"), Column("target_text", css_class="col-md-6")),
        Field("label"),
    )


class FindingForm(PlanItemForm):
    class Meta:
        model = EvaluationFinding
        fields = ["goal", "outcome", "evidence", "evaluated_on"]
        widgets = {"evaluated_on": DateInput(), "evidence": forms.Textarea(attrs={"rows": 3})}

    layout = Layout(
        Row(Column("goal", css_class="col-md-6"), Column("outcome"), Column("evaluated_on")),
        Field("evidence"),
    )


class LessonForm(PlanItemForm):
    class Meta:
        model = Lesson
        fields = ["title", "what_worked", "what_failed", "root_cause", "recommendation"]

    layout = Layout(
        Field("title"),
        Row(Column("what_worked"), Column("what_failed")),
        Row(Column("root_cause"), Column("recommendation")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("what_worked", "what_failed", "root_cause", "recommendation"):
            self.fields[name].widget.attrs["rows"] = 2


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File of measurements"),
        help_text=_(
            "A .csv or .xlsx file whose first row names the columns kpi, date, value and, "
            "optionally, note."
        ),
    )
