from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django.utils.translation import gettext_lazy as _

from plans.sections.forms import PlanItemForm

from .models import Goal, Scope


class GoalForm(PlanItemForm):
    class Meta:
        model = Goal
        fields = Goal.EDITABLE_FIELDS

    layout = Layout(
        Field("statement"),
        Fieldset(_("Specific"), "specific_outcome"),
        Fieldset(
            _("Measurable"),
            Row(
                Column("metric", css_class="col-md-6"),
                Column("baseline", css_class="col-md-2"),
                Column("target", css_class="col-md-2"),
                Column("unit", css_class="col-md-2"),
            ),
        ),
        Fieldset(_("Achievable"), "achievable_rationale"),
        Fieldset(_("Relevant"), Row(Column("need"), Column("relevance"))),
        Fieldset(_("Time-bound"), "target_date"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("specific_outcome", "achievable_rationale", "relevance"):
            self.fields[name].widget.attrs["rows"] = 2


class ScopeForm(PlanItemForm):
    class Meta:
        model = Scope
        fields = Scope.EDITABLE_FIELDS

    layout = Layout(
        Row(Column("in_scope"), Column("out_of_scope")),
        Row(Column("target_population", css_class="col-md-8"), Column("population_size")),
        Row(Column("geographic_areas"), Column("areas_of_impact")),
        Field("overlaps"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, f in self.fields.items():
            if hasattr(f.widget, "attrs") and name not in ("population_size",):
                f.widget.attrs.setdefault("rows", 3)
