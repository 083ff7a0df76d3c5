"""A plan file merged into an existing plan: the file's changes, and only those, through the
items' update services under the version check; new rows created; nothing deleted."""

import json

import pytest
from django.core.exceptions import PermissionDenied

from actions.models import Task
from objectives.models import Goal, Scope
from plans.models import Membership, Plan, Role
from plans.sections.items import item_update
from tests.objectives.factories import GoalFactory, ScopeFactory
from tests.plans.factories import MembershipFactory, PlanFactory
from tests.risks.factories import RiskFactory
from tests.transfer.test_plan_file import seeded
from transfer.plan_file import (
    PlanFileRejected,
    item_models,
    parse,
    plan_export,
    plan_import,
    plan_merge,
    ref,
)

pytestmark = pytest.mark.django_db


def owner_of(plan):
    return Membership.objects.filter(plan=plan, role=Role.OWNER).first().user


def state(plan):
    """Every item of the plan by its file id: its version and how many history rows it has."""
    found = {}
    for model in item_models():
        for obj in model.objects.filter(plan=plan):
            found[ref(obj)] = (obj.version, obj.history.count())
    return found


def merged(data, plan, user=None, **options):
    options.setdefault("filename", "plan.json")
    return plan_merge(parse(json.dumps(data)), user=user or owner_of(plan), into=plan, **options)


def test_a_merge_makes_exactly_the_file_s_changes_with_their_history():
    plan = seeded("small")
    data = plan_export(plan)
    before = state(plan)
    plan_version = Plan.objects.get(pk=plan.pk).version
    goal_row = data["items"]["objectives.goal"][0]
    goal_row["statement"] = "Halve injuries near every school"
    risk_row = data["items"]["risks.risk"][1]
    risk_row["likelihood"] = 5 if risk_row["likelihood"] != 5 else 4
    data["items"]["actions.task"].append(
        {"id": "actions.task-new", "title": "Train crossing guards", "goal": goal_row["id"]}
    )

    outcome = merged(data, plan)

    assert outcome.plan == plan
    assert outcome.created == {"actions.task": 1}
    assert outcome.changed == {
        "objectives.goal": [(goal_row["id"], ["Goal"])],
        "risks.risk": [(risk_row["id"], ["Likelihood (1-5)"])],
    }
    assert outcome.plan_changed == []
    rows = sum(len(r) for r in data["items"].values())
    assert sum(outcome.unchanged.values()) == rows - 3
    after = state(plan)
    new = Task.objects.get(plan=plan, title="Train crossing guards")
    assert new.goal_id == int(goal_row["id"].rsplit("-", 1)[1])
    assert set(after) == set(before) | {ref(new)}  # nothing deleted
    for file_id in (goal_row["id"], risk_row["id"]):
        version, records = before[file_id]
        assert after[file_id] == (version + 1, records + 1)
    untouched = set(before) - {goal_row["id"], risk_row["id"]}
    assert {i: after[i] for i in untouched} == {i: before[i] for i in untouched}
    goal = Goal.objects.get(pk=goal_row["id"].rsplit("-", 1)[1])
    assert goal.statement == "Halve injuries near every school"
    record = goal.history.latest()
    assert record.history_change_reason == "Imported from plan.json"
    assert record.history_user == owner_of(plan)
    assert new.history.get().history_change_reason == "Imported from plan.json"
    assert Plan.objects.get(pk=plan.pk).version == plan_version


def test_the_plan_s_own_fields_change_only_where_the_file_differs():
    plan = PlanFactory(organisation="City hall")
    MembershipFactory(plan=plan, role=Role.OWNER)
    data = plan_export(plan)
    version = plan.version
    assert merged(data, plan).plan_changed == []
    assert Plan.objects.get(pk=plan.pk).version == version
    data["plan"]["organisation"] = "District council"
    outcome = merged(data, plan)
    plan.refresh_from_db()
    assert outcome.plan_changed == ["Organisation"]
    assert plan.organisation == "District council" and plan.version == version + 1
    assert plan.history.latest().history_change_reason == "Imported from plan.json"


def test_a_workbook_merges_like_its_plan_file():
    import io

    import openpyxl

    from tests.transfer.test_workbook import column, saved, sheet_for
    from transfer.workbook import plan_workbook, read_workbook

    plan = PlanFactory()
    MembershipFactory(plan=plan, role=Role.OWNER)
    first = GoalFactory(plan=plan, statement="Safer crossings")
    second = GoalFactory(plan=plan, statement="Slower traffic")
    before = state(plan)
    book = openpyxl.load_workbook(io.BytesIO(plan_workbook(plan)))
    sheet = sheet_for(book, "objectives.goal")
    sheet.cell(row=3, column=column(sheet, "statement")).value = "Safer crossings at four schools"
    sheet.append([None] + [None] * (sheet.max_column - 1))
    sheet.cell(row=sheet.max_row, column=column(sheet, "statement")).value = "Quieter streets"
    outcome = merged(read_workbook(saved(book)), plan, filename="plan.xlsx")
    assert outcome.changed == {"objectives.goal": [(ref(first), ["Goal"])]}
    assert outcome.created == {"objectives.goal": 1}
    first.refresh_from_db()
    assert first.statement == "Safer crossings at four schools"
    assert first.history.latest().history_change_reason == "Imported from plan.xlsx"
    assert state(plan)[ref(second)] == before[ref(second)]
    assert Goal.objects.filter(plan=plan, statement="Quieter streets").exists()


def test_an_item_changed_since_the_preview_is_refused_and_nothing_is_written():
    plan = PlanFactory()
    owner = MembershipFactory(plan=plan, role=Role.OWNER).user
    goal = GoalFactory(plan=plan, statement="Safer crossings")
    other = GoalFactory(plan=plan, statement="Slower traffic")
    data = plan_export(plan)
    data["items"]["objectives.goal"][0]["statement"] = "Mine"
    data["items"]["objectives.goal"][1]["statement"] = "Also mine"
    data["items"]["objectives.goal"].append({"id": "objectives.goal-new", "statement": "New"})
    preview = merged(data, plan, dry_run=True)
    assert preview.versions[ref(goal)] == goal.version
    assert not Goal.objects.filter(plan=plan, statement="New").exists()  # a preview writes nothing
    item_update(instance=goal, data={"statement": "Theirs"}, expected_version=1, user=owner)
    before = state(plan)
    with pytest.raises(PlanFileRejected) as caught:
        merged(data, plan, expected=preview.versions)
    (problem,) = caught.value.errors
    assert str(problem).startswith(f"Goals, row 1 ({ref(goal)}): This item was changed by someone")
    assert state(plan) == before
    goal.refresh_from_db()
    other.refresh_from_db()
    assert (goal.statement, other.statement) == ("Theirs", "Slower traffic")
    assert not Goal.objects.filter(plan=plan, statement="New").exists()


def test_an_item_deleted_since_the_preview_is_not_made_again():
    plan = PlanFactory()
    MembershipFactory(plan=plan, role=Role.OWNER)
    goal = GoalFactory(plan=plan)
    data = plan_export(plan)
    preview = merged(data, plan, dry_run=True)
    goal.delete()
    with pytest.raises(PlanFileRejected, match="deleted since the file was checked"):
        merged(data, plan, expected=preview.versions)
    assert not Goal.objects.filter(plan=plan).exists()


def test_a_file_of_another_plan_merges_as_new_items_and_leaves_that_plan_alone():
    source = PlanFactory()
    goal = GoalFactory(plan=source, statement="Safer crossings")
    RiskFactory(plan=source, title="Parents drive anyway")
    ScopeFactory(plan=source, in_scope="Primary schools")
    target = PlanFactory()
    MembershipFactory(plan=target, role=Role.OWNER)
    kept = GoalFactory(plan=target, statement="Already here")
    ScopeFactory(plan=target, in_scope="Nursery schools")
    data = plan_export(source)
    source_state = state(source)
    outcome = merged(data, target)
    assert outcome.created == {"objectives.goal": 1, "risks.risk": 1}
    # The plan's one scope takes the file's, whatever the file's id for it.
    assert outcome.changed == {
        "objectives.scope": [(ref(Scope.objects.get(plan=target)), ["In scope"])]
    }
    assert state(source) == source_state
    goal.refresh_from_db()
    assert goal.plan == source and goal.statement == "Safer crossings"
    statements = set(Goal.objects.filter(plan=target).values_list("statement", flat=True))
    assert statements == {"Already here", "Safer crossings"}
    assert Goal.objects.get(pk=kept.pk).version == kept.version
    assert Scope.objects.get(plan=target).in_scope == "Primary schools"


def test_a_refused_merge_writes_nothing():
    plan = PlanFactory()
    MembershipFactory(plan=plan, role=Role.OWNER)
    GoalFactory(plan=plan, statement="Safer crossings")
    RiskFactory(plan=plan)
    data = plan_export(plan)
    data["plan"]["organisation"] = "District council"
    data["items"]["objectives.goal"][0]["statement"] = "Changed"
    data["items"]["objectives.goal"].append({"id": "objectives.goal-new", "statement": "New"})
    data["items"]["risks.risk"][0]["likelihood"] = 9
    before = state(plan)
    version = Plan.objects.get(pk=plan.pk).version
    with pytest.raises(PlanFileRejected) as caught:
        merged(data, plan)
    risk = data["items"]["risks.risk"][0]["id"]
    assert any(str(p).startswith(f"Risks, row 1 ({risk}), Likelihood") for p in caught.value.errors)
    assert state(plan) == before
    assert Plan.objects.get(pk=plan.pk).version == version
    assert Plan.objects.get(pk=plan.pk).organisation == plan.organisation != "District council"


@pytest.mark.parametrize("role", [Role.VIEWER, Role.STAKEHOLDER, Role.APPROVER, None])
def test_only_a_planner_or_owner_may_merge(role):
    plan = PlanFactory()
    GoalFactory(plan=plan)
    data = plan_export(plan)
    data["items"]["objectives.goal"][0]["statement"] = "Changed"
    user = MembershipFactory(plan=plan, role=role).user if role else MembershipFactory().user
    before = state(plan)
    with pytest.raises(PermissionDenied):
        merged(data, plan, user=user)
    assert state(plan) == before
    planner = MembershipFactory(plan=plan, role=Role.PLANNER).user
    assert merged(data, plan, user=planner).changed


def test_plan_import_into_a_plan_is_the_merge():
    plan = PlanFactory()
    owner = MembershipFactory(plan=plan, role=Role.OWNER).user
    GoalFactory(plan=plan)
    data = plan_export(plan)
    count = Plan.objects.count()
    outcome = plan_import(parse(json.dumps(data)), user=owner, into=plan)
    assert (
        outcome.plan == plan
        and outcome.created == {}
        and outcome.unchanged == {"objectives.goal": 1}
    )
    assert Plan.objects.count() == count
