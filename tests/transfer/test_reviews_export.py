"""A plan file with the plan's comments and approvals: each attached to its section or item by
the file's ids, people by their names only; an import reads the items and ignores the rest."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from approvals.models import Approval
from discussions.models import Comment
from discussions.services import comment_reply, thread_create
from plans.models import Role
from tests.objectives.factories import GoalFactory
from transfer.plan_file import parse, plan_export, plan_import, ref

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(plan, people):
    """A plan with a discussion on one goal (two comments), one on a section, one approval."""
    goal = GoalFactory(plan=plan, statement="Safer crossings")
    people[Role.PLANNER].display_name = "Ana Planner"
    people[Role.PLANNER].save()
    people[Role.APPROVER].display_name = ""
    people[Role.APPROVER].first_name = "Bo"
    people[Role.APPROVER].last_name = "Approver"
    people[Role.APPROVER].save()
    ct = ContentType.objects.get_for_model(goal).pk
    thread = thread_create(
        plan=plan,
        section_key="objectives",
        body="Is four schools enough?",
        user=people[Role.PLANNER],
        content_type_id=ct,
        object_id=goal.pk,
    )
    comment_reply(thread=thread, body="Yes, for a first year.", user=people[Role.APPROVER])
    thread_create(plan=plan, section_key="risks", body="Add the weather.", user=people[Role.OWNER])
    Approval.objects.create(
        plan=plan,
        section_key="objectives",
        decision="approved",
        decided_by=people[Role.APPROVER],
        decided_at=timezone.now(),
        comment="Clear goals.",
    )
    return goal


def test_the_export_with_reviews_holds_comments_and_approvals_with_their_targets(
    plan, people, reviewed
):
    data = plan_export(plan, reviews=True)
    parse(json.dumps(data))  # the schema takes it
    comments = data["reviews"]["comments"]
    assert [(c["section"], c["item"], c["author"], c["body"]) for c in comments] == [
        ("objectives", ref(reviewed), "Ana Planner", "Is four schools enough?"),
        ("objectives", ref(reviewed), "Bo Approver", "Yes, for a first year."),
        ("risks", None, people[Role.OWNER].display_name or None, "Add the weather."),
    ]
    assert ref(reviewed) in {row["id"] for row in data["items"]["objectives.goal"]}
    assert [c["discussion"] for c in comments] == [1, 1, 2]
    assert all(c["created_at"] for c in comments)
    (approval,) = data["reviews"]["approvals"]
    assert approval["section"] == "objectives" and approval["decision"] == "approved"
    assert approval["decided_by"] == "Bo Approver" and approval["decided_at"]
    text = json.dumps(data["reviews"])
    for person in people.values():
        assert person.email not in text
    assert "author_id" not in text and "user" not in text
    assert "reviews" not in plan_export(plan)


def test_an_import_of_a_file_with_reviews_ignores_them_and_says_so(
    client_for, plan, people, reviewed
):
    data = plan_export(plan, reviews=True)
    outcome = plan_import(parse(json.dumps(data)), user=people[Role.PLANNER], dry_run=True)
    assert outcome.ignored_reviews
    outcome = plan_import(parse(json.dumps(data)), user=people[Role.PLANNER])
    assert outcome.created == {"objectives.goal": 1}
    assert not Comment.objects.filter(plan=outcome.plan).exists()
    assert not Approval.objects.filter(plan=outcome.plan).exists()
    from django.core.files.uploadedfile import SimpleUploadedFile

    planner = client_for(people[Role.PLANNER])
    download = planner.get(reverse("transfer:plan_file", kwargs={"plan": plan.uuid}) + "?reviews=1")
    assert download["Content-Disposition"].endswith('-reviews.json"')
    preview = planner.post(
        reverse("transfer:import"), {"file": SimpleUploadedFile("p.json", download.content)}
    )
    assert "holds comments and approvals: they are not imported" in preview.content.decode()
    plain = planner.get(reverse("transfer:plan_file", kwargs={"plan": plan.uuid}))
    preview = planner.post(
        reverse("transfer:import"), {"file": SimpleUploadedFile("p.json", plain.content)}
    )
    assert "comments and approvals" not in preview.content.decode()


def test_the_command_line_exports_the_reviews(tmp_path, plan, reviewed):
    path = tmp_path / "plan.json"
    call_command("export_plan", str(plan.uuid), "--reviews", "-o", str(path))
    data = json.loads(path.read_text())
    assert len(data["reviews"]["comments"]) == 3 and len(data["reviews"]["approvals"]) == 1


def test_a_member_who_gave_no_name_is_null_in_the_file_never_their_address(plan, people):
    from plans.sections.extensions import extensions

    nameless = people[Role.STAKEHOLDER]
    nameless.display_name = nameless.first_name = nameless.last_name = ""
    nameless.save()
    thread_create(plan=plan, section_key="objectives", body="Who checks this?", user=nameless)
    (comment,) = extensions.plan_reviews(plan)["comments"]
    assert comment["author"] is None
    assert nameless.email not in json.dumps(comment)
