from crispy_forms.layout import Column, Field, Layout, Row
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from plans.forms import DateInput
from plans.sections.forms import PlanItemForm

from .models import Allocation, BudgetLine, ResourcesSettings, TeamMember, plan_currency


class ResourcesSettingsForm(PlanItemForm):
    class Meta:
        model = ResourcesSettings
        fields = ["currency", "budget_ceiling", "contingency_target"]

    layout = Layout(
        Row(Column("currency"), Column("budget_ceiling"), Column("contingency_target")),
    )


class TeamMemberForm(PlanItemForm):
    class Meta:
        model = TeamMember
        fields = [
            "name",
            "role",
            "organisation",
            "user",
            "headcount",
            "availability",
            "as_needed",
            "cost_rate",
            "skills",
        ]

    layout = Layout(
        Row(Column("name"), Column("role"), Column("organisation")),
        Row(
            Column("user", css_class="col-md-6"),
            Column("headcount", css_class="col-md-3"),
            Column("cost_rate", css_class="col-md-3"),
        ),
        Row(
            Column("availability", css_class="col-md-3"),
            Column("as_needed", css_class="col-md-3 align-self-end"),
        ),
        Field("skills"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only members of this plan can be linked: the account sees its tasks through the link.
        self.fields["user"].queryset = (
            get_user_model().objects.filter(memberships__plan=self.plan).order_by("email")
        )
        self.fields["user"].label_from_instance = lambda u: f"{u.name} <{u.email}>"


class BudgetLineForm(PlanItemForm):
    class Meta:
        model = BudgetLine
        fields = [
            "category",
            "description",
            "amount",
            "currency",
            "committed",
            "spent",
            "funding_source",
            "period",
            "parent",
        ]

    layout = Layout(
        Row(Column("category", css_class="col-md-4"), Column("description")),
        Row(
            Column("amount", css_class="col-md-3"),
            Column("currency", css_class="col-md-3"),
            Column("committed", css_class="col-md-3"),
            Column("spent", css_class="col-md-3"),
        ),
        Row(Column("funding_source"), Column("period", css_class="col-md-3"), Column("parent")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("currency", plan_currency(self.plan.pk))
        # A sub-line details a line of the first level, never itself.
        parents = self.fields["parent"].queryset.filter(parent__isnull=True)
        self.fields["parent"].queryset = parents.exclude(pk=self.instance.pk).order_by(
            "position", "id"
        )
        self.fields["parent"].empty_label = _("— (a line of its own)")


class AllocationForm(PlanItemForm):
    class Meta:
        model = Allocation
        fields = ["member", "label", "start_date", "end_date", "fte"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    layout = Layout(
        Row(Column("member"), Column("label")),
        Row(Column("start_date"), Column("end_date"), Column("fte")),
    )
