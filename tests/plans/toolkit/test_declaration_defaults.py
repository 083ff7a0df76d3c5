"""What a list, a singleton and an item type derive when a declaration does not name it."""

import pytest
from django.http import QueryDict

from objectives.forms import GoalForm, ScopeForm
from objectives.models import Goal, Scope
from plans.sections.collection import InlineCollection
from plans.sections.filters import Exact, Flag, ListFilter
from plans.sections.singleton import InlineSingleton
from plans.sections.snapshot import ItemType
from risks.forms import RiskForm
from risks.models import Category, Risk
from tests.objectives.factories import GoalFactory
from tests.plans.factories import PlanFactory


def test_a_list_takes_its_model_section_and_row_template_from_its_form():
    goals = InlineCollection(name="goals", form_class=GoalForm)
    assert goals.model is Goal
    assert goals.section_key == "objectives"
    assert goals.row_template == "objectives/partials/goal_row.html"


def test_a_list_keeps_the_model_it_names():
    goals = InlineCollection(name="goals", form_class=object, model=Goal, section_key="x")
    assert goals.model is Goal and goals.section_key == "x"


def test_a_list_filter_takes_the_list_name_as_prefix_and_the_field_choices():
    risks = InlineCollection(
        name="register",
        form_class=RiskForm,
        list_filter=ListFilter(
            search=("title",),
            exact=(
                Exact("category", "Category"),
                Exact("status", "Status", choices=[("open", "Open")]),
                Exact("owner", "Owner", lookup="owner_id"),
                Exact("band", "Band", apply=lambda qs, value: qs),
                Flag("mine", "Mine", apply=lambda qs: qs),
            ),
        ),
    )
    f = risks.list_filter
    assert f.prefix == "register" and f.param("q") == "register-q"
    category, status, owner, band, _mine = f.exact
    assert category.choices == Category.choices
    assert status.choices == [("open", "Open")]  # named: kept
    assert owner.choices is None and band.choices is None  # no choices of their own
    assert f.parse(QueryDict("register-category=nonsense&register-status=open")) == {
        "q": "",
        "category": "",
        "status": "open",
        "owner": "",
        "band": "",
        "mine": "",
        "cycle": "",  # the filter the extensions give every list (transfer)
    }


def test_a_list_filter_keeps_the_prefix_it_names():
    risks = InlineCollection(
        name="register", form_class=RiskForm, list_filter=ListFilter(prefix="r", search=("x",))
    )
    assert risks.list_filter.prefix == "r"
    assert risks.model is Risk


def test_a_singleton_takes_its_model_section_and_template_from_its_form_and_name():
    scope = InlineSingleton(name="scope", form_class=ScopeForm)
    assert scope.model is Scope
    assert scope.section_key == "objectives"
    assert scope.template == "objectives/partials/scope.html"
    assert str(scope.url().pattern) == "plans/<uuid:plan>/objectives/scope/"


def test_a_singleton_keeps_an_empty_template_it_names():
    details = InlineSingleton(name="edit", form_class=ScopeForm, section_key="plans", template="")
    assert details.template == "" and details.section_key == "plans"


@pytest.mark.django_db
def test_plan_rows_are_the_plan_items_in_list_order():
    plan = PlanFactory()
    second = GoalFactory(plan=plan, statement="Second", position=2)
    first = GoalFactory(plan=plan, statement="First", position=1)
    GoalFactory(statement="Another plan's")
    rows = ItemType(key="goals", model=Goal, fields=("statement",)).plan_rows(plan, extra=1)
    assert rows == [
        {"id": first.pk, "statement": "First", "extra": 1},
        {"id": second.pk, "statement": "Second", "extra": 1},
    ]


def test_an_item_form_picks_its_widgets_from_the_model_fields():
    """Dates get the browser's date picker, long texts a two-line box, short texts one line,
    wherever the form's Meta does not name a widget; a widget it names wins."""
    from django import forms

    from monitoring.forms import MeasurementForm
    from plans.forms import DateInput
    from strategy.forms import AssumptionForm

    risk = RiskForm.base_fields
    assert isinstance(risk["review_date"].widget, DateInput)  # a DateField
    assert risk["review_date"].widget.input_type == "date"
    assert isinstance(risk["description"].widget, forms.Textarea)  # a TextField
    assert risk["description"].widget.attrs["rows"] == 2
    assert type(risk["title"].widget) is forms.TextInput  # a short CharField
    statement = AssumptionForm.base_fields["statement"]  # a CharField of 1,000 characters
    assert isinstance(statement.widget, forms.Textarea)
    assert statement.widget.attrs["maxlength"] == "1000"
    # The measurement's note is as long, but its Meta keeps it on one line.
    assert type(MeasurementForm.base_fields["note"].widget) is forms.TextInput


def test_a_form_layout_declared_on_the_class_is_copied_for_each_form(plan):
    """The toolkit appends its hidden fields to the layout a form draws: to a copy, so the
    declaration on the class stays as declared, whichever forms were drawn before."""
    declared = len(RiskForm.layout.fields)
    first = RiskForm(
        plan=plan, instance=RiskForm._meta.model(plan=plan, title="x", version=1, pk=1)
    )
    names = {pointer.name for pointer in first.helper.layout.get_field_names()}
    assert "version" in names and "title" in names
    RiskForm(plan=plan).helper  # noqa: B018 - drawing a second form
    assert len(RiskForm.layout.fields) == declared
    assert "version" not in {p.name for p in RiskForm.layout.get_field_names()}


def test_an_item_type_snapshots_the_fields_its_model_edits_unless_it_names_others():
    assert ItemType(key="goals", model=Goal).fields == tuple(Goal.EDITABLE_FIELDS)
    assert ItemType(key="goals", model=Goal, fields=("statement",)).fields == ("statement",)
