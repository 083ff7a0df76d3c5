"""Importing into an existing plan from its overview: the same upload, preview and
confirmation as a new plan's import, with what changes shown before anything is written."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from objectives.models import Goal
from plans.models import Role
from plans.sections.items import item_update
from tests.objectives.factories import GoalFactory
from transfer.plan_file import plan_export, ref

pytestmark = pytest.mark.django_db


def merge_url(plan):
    return reverse("transfer:merge", kwargs={"plan": plan.uuid})


def upload(data, name="plan.json"):
    return SimpleUploadedFile(name, json.dumps(data).encode(), content_type="application/json")


def edited(plan, goal):
    data = plan_export(plan)
    data["items"]["objectives.goal"][0]["statement"] = "Safer crossings at four schools"
    data["items"]["objectives.goal"].append({"id": "", "statement": "Quieter streets"})
    data["items"]["objectives.goal"][1]["id"] = "objectives.goal-row3"
    return data


def test_a_planner_previews_the_changes_then_confirms_them(client_for, people, plan):
    goal = GoalFactory(plan=plan, statement="Safer crossings")
    planner = client_for(people[Role.PLANNER])
    overview = planner.get(reverse("plans:overview", kwargs={"plan": plan.uuid}))
    assert merge_url(plan) in overview.content.decode()
    preview = planner.post(merge_url(plan), {"file": upload(edited(plan, goal))})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "The file can be imported into this plan" in page
    assert (
        '<td>Goals</td><td class="text-end">1</td><td class="text-end">1</td>'
        '<td class="text-end">0</td>'
    ) in page
    assert f"({ref(goal)})</span>: Goal</li>" in page
    goal.refresh_from_db()
    assert goal.statement == "Safer crossings"  # nothing written by the preview
    token = preview.context["token"]
    confirmed = planner.post(merge_url(plan), {"token": token, "filename": "plan.json"})
    assert confirmed.status_code == 302 and confirmed["Location"].endswith(f"/plans/{plan.uuid}/")
    goal.refresh_from_db()
    assert goal.statement == "Safer crossings at four schools"
    assert goal.history.latest().history_change_reason == "Imported from plan.json"
    assert Goal.objects.filter(plan=plan).count() == 2
    again = planner.post(merge_url(plan), {"token": token, "filename": "plan.json"})
    assert again.status_code == 302 and Goal.objects.filter(plan=plan).count() == 2


def test_an_item_changed_after_the_preview_is_refused_on_confirmation(client_for, people, plan):
    goal = GoalFactory(plan=plan, statement="Safer crossings")
    planner = client_for(people[Role.PLANNER])
    preview = planner.post(merge_url(plan), {"file": upload(edited(plan, goal))})
    item_update(
        instance=goal, data={"statement": "Theirs"}, expected_version=1, user=people[Role.OWNER]
    )
    response = planner.post(merge_url(plan), {"token": preview.context["token"], "filename": "p"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The file cannot be imported. Nothing was written." in page
    assert "This item was changed by someone else since the file was checked" in page
    goal.refresh_from_db()
    assert goal.statement == "Theirs" and Goal.objects.filter(plan=plan).count() == 1


def test_a_refused_file_shows_each_problem_on_its_row_and_field(client_for, people, plan):
    GoalFactory(plan=plan)
    data = plan_export(plan)
    data["items"]["objectives.goal"][0]["target_date"] = "someday"
    response = client_for(people[Role.OWNER]).post(merge_url(plan), {"file": upload(data)})
    assert response.status_code == 400
    row = data["items"]["objectives.goal"][0]["id"]
    assert f"Goals, row 1 ({row}), Target date:" in response.content.decode()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.STAKEHOLDER, Role.APPROVER])
def test_a_member_who_cannot_edit_cannot_merge(client_for, people, plan, role):
    goal = GoalFactory(plan=plan, statement="Safer crossings")
    member = client_for(people[role])
    assert member.get(merge_url(plan)).status_code == 403
    assert member.post(merge_url(plan), {"file": upload(edited(plan, goal))}).status_code == 403
    overview = member.get(reverse("plans:overview", kwargs={"plan": plan.uuid}))
    assert merge_url(plan) not in overview.content.decode()
    goal.refresh_from_db()
    assert goal.statement == "Safer crossings"


def test_an_outsider_gets_404(client_for, people, plan):
    goal = GoalFactory(plan=plan)
    outsider = client_for(people["outsider"])
    assert outsider.get(merge_url(plan)).status_code == 404
    assert outsider.post(merge_url(plan), {"file": upload(edited(plan, goal))}).status_code == 404


def test_the_command_line_merges_into_a_plan_its_owner_may_edit(tmp_path, capsys, people, plan):
    goal = GoalFactory(plan=plan, statement="Safer crossings")
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(edited(plan, goal)))
    email = people[Role.PLANNER].email
    call_command("import_plan", str(path), "--into", str(plan.uuid), "--owner", email, "--dry-run")
    assert "1 new, 1 changed, 0 unchanged" in capsys.readouterr().out
    goal.refresh_from_db()
    assert goal.statement == "Safer crossings"
    call_command("import_plan", str(path), "--into", str(plan.uuid), "--owner", email)
    assert capsys.readouterr().out.strip() == str(plan.uuid)
    goal.refresh_from_db()
    assert goal.statement == "Safer crossings at four schools"
    with pytest.raises(CommandError, match="cannot edit the plan"):
        call_command(
            "import_plan", str(path), "--into", str(plan.uuid), "--owner", people[Role.VIEWER].email
        )
    path.write_text(json.dumps({**edited(plan, goal), "plan": {}}))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_plan", str(path), "--into", str(plan.uuid), "--owner", email)
    assert "plan: “title” is missing." in capsys.readouterr().err
