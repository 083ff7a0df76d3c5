"""A whole plan as one file: exported from the declarations, imported through the items'
services (every check of the forms), and the same file again when exported back."""

import json

import pytest
from django.core.management import CommandError, call_command

from plans.models import Membership, Plan
from tests.accounts.factories import UserFactory
from tests.real_plans.entry import fixtures as real_plan_fixtures
from transfer.plan_file import (
    PlanFileRejected,
    file_fields,
    item_models,
    label_of,
    parse,
    plan_clone,
    plan_export,
    plan_import,
)

pytestmark = pytest.mark.django_db


def comparable(data):
    """The file without what differs between two plans by design: the source and the ids
    (each id replaced by its list and place in the list, so that links are still compared)."""
    exported = item_models()
    places = {}
    for label, rows in data["items"].items():
        for index, row in enumerate(rows):
            places[row["id"]] = f"{label}[{index}]"
    items = {}
    for model in exported:
        links = {f.name for f in file_fields(model, exported) if f.is_relation}
        rows = []
        for row in data["items"][label_of(model)]:
            out = {}
            for name, value in row.items():
                if name == "id":
                    out[name] = places[value]
                elif name in links and isinstance(value, list):
                    out[name] = sorted(places[v] for v in value)
                elif name in links and value is not None:
                    out[name] = places[value]
                else:
                    out[name] = value
            rows.append(out)
        items[label_of(model)] = rows
    return {"plan": data["plan"], "items": items}


def seeded(size):
    from plans.management.commands.seed_demo import Command

    plan, _owner = Command().seed(size)
    return plan


def round_trip(plan):
    first = plan_export(plan)
    outcome = plan_import(parse(json.dumps(first)), user=UserFactory(), filename="plan.json")
    return first, plan_export(outcome.plan), outcome


def test_the_demo_plan_goes_out_and_back_in_unchanged():
    plan = seeded("small")
    first, second, outcome = round_trip(plan)
    assert comparable(second) == comparable(first)
    task = first["items"]["actions.task"][0]
    assert task["title"] and "due_date" in task and "depends_on" in task  # content, not ids only
    # Every item type of every section is in the file, and the demo has some of each.
    assert set(first["items"]) == {label_of(m) for m in item_models()}
    empty = [label for label, rows in first["items"].items() if not rows]
    assert not empty, f"the demo has no {empty}"
    assert sum(outcome.created.values()) == sum(len(rows) for rows in first["items"].values())


def test_links_survive_the_round_trip_by_id():
    plan = seeded("small")
    first, second, _outcome = round_trip(plan)
    tasks = second["items"]["actions.task"]
    ids = {t["id"] for t in tasks}
    assert any(t["depends_on"] for t in tasks)
    assert all(set(t["depends_on"]) <= ids for t in tasks)
    new_plan = Plan.objects.get(uuid=second["source"]["plan"])
    from actions.models import Task

    assert Task.objects.filter(plan=new_plan, depends_on__isnull=False).exists()
    assert not Task.objects.filter(plan=new_plan, depends_on__plan=plan).exists()


def test_an_import_is_one_history_entry_per_item_with_its_reason():
    plan = seeded("small")
    _first, second, outcome = round_trip(plan)
    from objectives.models import Goal

    goal = Goal.objects.filter(plan=outcome.plan).first()
    record = goal.history.earliest()
    assert record.history_change_reason == "Imported from plan.json"
    assert record.history_user == Membership.objects.get(plan=outcome.plan).user


def refused(data):
    before = Plan.objects.count()
    with pytest.raises(PlanFileRejected) as caught:
        plan_import(
            parse(json.dumps(data) if not isinstance(data, bytes) else data), user=UserFactory()
        )
    assert Plan.objects.count() == before  # nothing written, not even the plan
    return [str(p) for p in caught.value.errors]


def small_file():
    return plan_export(seeded("small"))


def test_what_is_not_a_plan_file_is_refused_with_a_message():
    assert refused(b"not json{") == [
        "the file: This is not a JSON file (Expecting value: line 1 column 1 (char 0))."
    ]
    assert refused({"format": "other"}) == ["the file: This is not a Planner plan file."]
    data = small_file()
    data["version"] = 7
    assert refused(data) == ["the file: This plan file is of version 7; Planner reads version 1."]


def test_a_file_of_the_wrong_shape_says_where():
    data = small_file()
    data["items"]["objectives.goal"][0].pop("id")
    (message,) = refused(data)
    assert message == "items/objectives.goal/0: “id” is missing."


def test_a_bad_value_is_refused_on_its_row_and_field_and_nothing_is_written():
    data = small_file()
    data["items"]["actions.task"][2]["due_date"] = "31/02/2026"
    data["items"]["risks.risk"][0]["likelihood"] = 9
    messages = refused(data)
    task = data["items"]["actions.task"][2]["id"]
    risk = data["items"]["risks.risk"][0]["id"]
    assert any(m.startswith(f"Tasks, row 3 ({task}), Due date:") for m in messages), messages
    assert any(m.startswith(f"Risks, row 1 ({risk}), Likelihood") for m in messages), messages


def test_a_link_to_an_item_not_in_the_file_is_refused():
    data = small_file()
    data["items"]["actions.task"][0]["goal"] = "objectives.goal-999999"
    messages = refused(data)
    assert any(
        "No item “objectives.goal-999999” of the right kind in the file." in m for m in messages
    )


def test_an_unknown_field_or_list_is_refused():
    data = small_file()
    data["items"]["objectives.goal"][0]["colour"] = "blue"
    data["items"]["objectives.wishes"] = []
    messages = refused(data)
    assert any("“colour” is not a field of this item." in m for m in messages)
    assert "the file: Planner has no list “objectives.wishes”." in messages


def test_a_dry_run_checks_everything_and_writes_nothing():
    data = small_file()
    before = Plan.objects.count()
    outcome = plan_import(parse(json.dumps(data)), user=UserFactory(), dry_run=True)
    assert outcome.created["actions.task"] == len(data["items"]["actions.task"])
    assert Plan.objects.count() == before


def test_a_clone_has_every_item_and_link_but_no_comment_approval_or_other_member():
    from approvals.models import Approval
    from discussions.models import Comment

    plan = seeded("small")
    assert Comment.objects.filter(plan=plan).exists()
    cloner = UserFactory()
    copy = plan_clone(plan, user=cloner)
    assert copy.title == f"Copy of {plan.title}"
    assert comparable(plan_export(copy))["items"] == comparable(plan_export(plan))["items"]
    assert not Comment.objects.filter(plan=copy).exists()
    assert not Approval.objects.filter(plan=copy).exists()
    assert list(Membership.objects.filter(plan=copy).values_list("user", flat=True)) == [cloner.pk]


def test_the_command_line_exports_and_imports(tmp_path, capsys):
    plan = seeded("small")
    owner = UserFactory(email="owner@example.org")
    path = tmp_path / "plan.json"
    call_command("export_plan", str(plan.uuid), "-o", str(path))
    call_command("import_plan", str(path), "--owner", "owner@example.org")
    new_uuid = capsys.readouterr().out.strip()
    new_plan = Plan.objects.get(uuid=new_uuid)
    assert Membership.objects.get(plan=new_plan).user == owner
    assert comparable(plan_export(new_plan)) == comparable(json.loads(path.read_text()))


def test_the_command_line_refuses_a_bad_file_with_its_errors(tmp_path, capsys):
    UserFactory(email="owner@example.org")
    path = tmp_path / "bad.json"
    path.write_text('{"format": "planner-plan", "version": 1, "plan": {}, "items": {}}')
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_plan", str(path), "--owner", "owner@example.org")
    assert "plan: “title” is missing." in capsys.readouterr().err


def test_the_large_demo_plan_goes_out_and_back_in_unchanged():
    plan = seeded("large")
    first, second, _outcome = round_trip(plan)
    assert len(first["items"]["actions.task"]) >= 300
    assert comparable(second) == comparable(first)


@pytest.mark.parametrize("path", real_plan_fixtures(), ids=lambda p: p.stem)
def test_a_real_plan_typed_in_goes_out_and_back_in_unchanged(path, client, settings, tmp_path):
    """The published plans of ``tests/fixtures/real_plans``, entered through the forms, then
    exported and imported: periods, unknowns and French text kept as written."""
    from tests.real_plans.entry import load
    from tests.real_plans.test_real_plans import enter

    settings.MEDIA_ROOT = tmp_path / "media"
    spec = load(path)
    client.force_login(UserFactory(language=spec["language"]))
    plan, refused_items, _invented = enter(client, spec)
    assert not refused_items
    first, second, _outcome = round_trip(plan)
    assert comparable(second) == comparable(first)
    assert second["plan"]["language"] == spec["language"]


def test_two_item_types_of_the_same_name_and_number_keep_apart():
    """The needs assessment's and the compliance section's requirements, both number 424242."""
    from assessments.models import Requirement as StakeholderRequirement
    from compliance.models import Requirement as LegalRequirement
    from tests.assessments.factories import StakeholderFactory
    from tests.plans.factories import PlanFactory

    plan = PlanFactory()
    stakeholder = StakeholderFactory(plan=plan)
    StakeholderRequirement.objects.create(
        pk=424242, plan=plan, stakeholder=stakeholder, statement="Quiet streets at night"
    )
    LegalRequirement.objects.create(
        pk=424242, plan=plan, requirement="Data protection law", category="data_protection"
    )
    first, second, _outcome = round_trip(plan)
    assert comparable(second) == comparable(first)
    assert second["items"]["assessments.requirement"][0]["statement"] == "Quiet streets at night"
    assert second["items"]["compliance.requirement"][0]["requirement"] == "Data protection law"


def test_the_command_line_exports_a_published_version_as_it_was(tmp_path):
    from objectives.models import Goal
    from plans.versions import version_publish

    plan = seeded("small")
    owner = Membership.objects.filter(plan=plan, role="owner").first().user
    version = version_publish(plan=plan, user=owner, allow_unchanged=True)
    goal = Goal.objects.filter(plan=plan).order_by("position", "id").first()
    was = goal.statement
    goal.statement = "Changed after publishing"
    goal.save()
    path = tmp_path / "v.json"
    call_command("export_plan", str(plan.uuid), "--published", version.number, "-o", str(path))
    kept = json.loads(path.read_text())
    assert kept["items"]["objectives.goal"][0]["statement"] == was
    with pytest.raises(CommandError, match="No plan file was kept for version 99"):
        call_command("export_plan", str(plan.uuid), "--published", 99)
