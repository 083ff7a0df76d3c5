"""The migration that moves the links between tasks and resources into the action plan keeps
every link, and each task history row gets the links the task had at that moment."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("actions", "0004_historicalmilestone_tasks_historicaltask_depends_on"),
    ("resources", "0001_initial"),
]


def at(minutes):
    return timezone.now() - datetime.timedelta(days=1) + datetime.timedelta(minutes=minutes)


def history_row(model, instance, kind, when):
    """A history row of ``instance`` as simple-history writes one (the migration state has no
    history signals)."""
    names = [
        f.attname
        for f in model._meta.concrete_fields
        if not f.name.startswith("history_") and f.name != "id"
    ]
    return model.objects.create(
        id=instance.pk,
        history_date=when,
        history_type=kind,
        **{name: getattr(instance, name) for name in names if hasattr(instance, name)},
    )


@pytest.mark.django_db(transaction=True)
def test_links_move_to_the_tasks_with_their_history():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Plan = old.get_model("plans", "Plan")
    Task = old.get_model("actions", "Task")
    HistoricalTask = old.get_model("actions", "HistoricalTask")
    BudgetLine = old.get_model("resources", "BudgetLine")
    HistoricalBudgetLine = old.get_model("resources", "HistoricalBudgetLine")
    TeamMember = old.get_model("resources", "TeamMember")
    Allocation = old.get_model("resources", "Allocation")

    plan = Plan.objects.create(title="Safer routes")
    works = Task.objects.create(plan=plan, title="Road works")
    survey = Task.objects.create(plan=plan, title="Parent survey")
    history_row(HistoricalTask, works, "+", at(0))
    line = BudgetLine.objects.create(plan=plan, description="Cushions", amount=1, currency="EUR")
    history_row(HistoricalBudgetLine, line, "+", at(1))  # not yet funding anything
    history_row(HistoricalTask, works, "~", at(2))  # the edit that chose the line...
    line.task = works
    line.save()
    history_row(HistoricalBudgetLine, line, "~", at(3))  # ...saved the line right after it
    history_row(HistoricalTask, works, "~", at(4))
    unfunded = BudgetLine.objects.create(
        plan=plan, description="Leaflets", amount=1, currency="EUR"
    )
    member = TeamMember.objects.create(plan=plan, name="Julie Moreau")
    day = datetime.date(2026, 3, 1)
    named = Allocation.objects.create(
        plan=plan, member=member, task=survey, label="", start_date=day, end_date=day, fte=1
    )
    described = Allocation.objects.create(
        plan=plan, member=member, task=survey, label="Questionnaire", start_date=day,
        end_date=day, fte=1,
    )  # fmt: skip
    free = Allocation.objects.create(
        plan=plan, member=member, label="Coordination", start_date=day, end_date=day, fte=1
    )

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from actions.models import Task as NewTask
    from plans.history import m2m_history_model
    from resources.models import Allocation as NewAllocation
    from resources.models import BudgetLine as NewBudgetLine

    works, survey = NewTask.objects.get(pk=works.pk), NewTask.objects.get(pk=survey.pk)
    assert list(works.budget_lines.values_list("pk", flat=True)) == [line.pk]
    assert not NewBudgetLine.objects.get(pk=unfunded.pk).tasks.exists()
    assert set(survey.allocations.values_list("pk", flat=True)) == {named.pk, described.pk}
    assert not NewAllocation.objects.get(pk=free.pk).tasks.exists()

    field = NewTask._meta.get_field("budget_lines")
    links = m2m_history_model(NewTask, field).objects
    rows = list(works.history.order_by("history_date"))
    assert [set(links.filter(history=r).values_list("budgetline_id", flat=True)) for r in rows] == [
        set(),
        {line.pk},
        {line.pk},
    ]

    # An allocation that only named its task now describes its work with the task's title.
    named = NewAllocation.objects.get(pk=named.pk)
    assert named.label == "Parent survey"
    assert named.history.latest().history_change_reason.startswith("Work described")
    assert NewAllocation.objects.get(pk=described.pk).label == "Questionnaire"
