"""Plan files from the browser: download, copy, and import with a preview before anything is
written."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from objectives.models import Goal
from plans.models import Membership, Plan, Role
from tests.objectives.factories import GoalFactory
from transfer.plan_file import parse

pytestmark = pytest.mark.django_db


def url(name, plan=None):
    return reverse(f"transfer:{name}", kwargs={"plan": plan.uuid} if plan else {})


def upload(data, name="plan.json"):
    content = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile(name, content, content_type="application/json")


def test_a_viewer_downloads_the_plan_file(client_for, people, plan):
    GoalFactory(plan=plan, statement="Halve injuries near schools")
    response = client_for(people[Role.VIEWER]).get(url("plan_file", plan))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="')
    data = parse(response.content)
    assert [g["statement"] for g in data["items"]["objectives.goal"]] == [
        "Halve injuries near schools"
    ]


def test_an_outsider_cannot_download_or_copy(client_for, people, plan):
    outsider = client_for(people["outsider"])
    assert outsider.get(url("plan_file", plan)).status_code == 404
    assert outsider.post(url("clone", plan)).status_code == 404


def test_a_member_copies_the_plan_and_owns_the_copy(client_for, people, plan):
    GoalFactory(plan=plan, statement="Safer crossings")
    viewer = people[Role.VIEWER]
    before = set(Plan.objects.values_list("pk", flat=True))
    response = client_for(viewer).post(url("clone", plan))
    copy = Plan.objects.exclude(pk__in=before).get()
    assert response.status_code == 302 and response["Location"].endswith(f"/plans/{copy.uuid}/")
    assert Membership.objects.get(plan=copy).user == viewer
    assert Membership.objects.get(plan=copy).role == Role.OWNER
    assert Goal.objects.get(plan=copy).statement == "Safer crossings"
    assert client_for(viewer).put(url("clone", plan)).status_code == 405


def test_an_import_shows_what_it_holds_then_writes_it_on_confirmation(client_for, people, plan):
    GoalFactory(plan=plan, statement="Safer crossings")
    planner = client_for(people[Role.PLANNER])
    data = parse(planner.get(url("plan_file", plan)).content)
    before = Plan.objects.count()
    existing = set(Plan.objects.values_list("pk", flat=True))
    preview = planner.post(url("import"), {"file": upload(data)})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "can be imported" in page and '<td>Goals</td><td class="text-end">1</td>' in page
    assert Plan.objects.count() == before  # nothing written by the preview
    token = preview.context["token"]
    confirmed = planner.post(url("import"), {"token": token, "filename": "plan.json"})
    assert confirmed.status_code == 302
    new_plan = Plan.objects.exclude(pk__in=existing).get()
    assert Goal.objects.get(plan=new_plan).statement == "Safer crossings"
    # The held file is gone: confirming twice does not import twice.
    again = planner.post(url("import"), {"token": token, "filename": "plan.json"})
    assert again.status_code == 302 and Plan.objects.count() == before + 1


def test_a_refused_file_lists_its_problems_and_writes_nothing(client_for, people, plan):
    planner = client_for(people[Role.PLANNER])
    data = parse(planner.get(url("plan_file", plan)).content)
    data["items"]["objectives.goal"] = [{"id": "objectives.goal-1", "target_date": "someday"}]
    before = Plan.objects.count()
    response = planner.post(url("import"), {"file": upload(data)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The file cannot be imported. Nothing was written." in page
    assert "Goals, row 1 (objectives.goal-1), Target date:" in page
    assert Plan.objects.count() == before


def test_someone_else_s_import_cannot_be_confirmed(client_for, people, plan):
    planner = client_for(people[Role.PLANNER])
    data = parse(planner.get(url("plan_file", plan)).content)
    token = planner.post(url("import"), {"file": upload(data)}).context["token"]
    before = Plan.objects.count()
    other = client_for(people[Role.OWNER])
    response = other.post(url("import"), {"token": token})
    assert response.status_code == 302 and Plan.objects.count() == before


def test_the_import_page_needs_an_account(client):
    response = client.get(url("import"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_viewer_downloads_the_workbook_and_a_planner_imports_it(client_for, people, plan):
    import io

    import openpyxl

    GoalFactory(plan=plan, statement="Safer crossings")
    response = client_for(people[Role.VIEWER]).get(url("workbook", plan))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "Goals" in book.sheetnames
    planner = client_for(people[Role.PLANNER])
    workbook = SimpleUploadedFile("plan.xlsx", response.content)
    preview = planner.post(url("import"), {"file": workbook})
    assert preview.status_code == 200 and "<td>Goals</td>" in preview.content.decode()
    existing = set(Plan.objects.values_list("pk", flat=True))
    planner.post(url("import"), {"token": preview.context["token"], "filename": "plan.xlsx"})
    new_plan = Plan.objects.exclude(pk__in=existing).get()
    assert Goal.objects.get(plan=new_plan).statement == "Safer crossings"


def test_an_upload_declared_over_the_limit_is_refused_before_it_is_read(client_for, people):
    planner = client_for(people[Role.PLANNER])
    response = planner.post(
        url("import"), data=b"x", content_type="application/json", CONTENT_LENGTH=str(30 * 2**20)
    )
    assert response.status_code == 413
    assert "The file is larger than 20 MB." in response.content.decode()


def test_a_published_version_exports_as_it_was_then(client_for, people, plan):
    from plans.versions import version_publish

    goal = GoalFactory(plan=plan, statement="Safer crossings")
    version = version_publish(plan=plan, user=people[Role.OWNER])
    goal.statement = "Safer crossings and slower traffic"
    goal.save()
    viewer = client_for(people[Role.VIEWER])
    kept = parse(
        viewer.get(
            reverse("transfer:version_file", kwargs={"plan": plan.uuid, "pk": version.pk})
        ).content
    )
    now = parse(viewer.get(url("plan_file", plan)).content)
    assert [g["statement"] for g in kept["items"]["objectives.goal"]] == ["Safer crossings"]
    assert [g["statement"] for g in now["items"]["objectives.goal"]] == [
        "Safer crossings and slower traffic"
    ]
    assert kept["source"]["version"] == version.number
    versions = viewer.get(reverse("history:versions", kwargs={"plan": plan.uuid})).content.decode()
    assert f"/versions/{version.pk}/plan-file/" in versions
    missing = reverse("transfer:version_file", kwargs={"plan": plan.uuid, "pk": version.pk + 999})
    assert viewer.get(missing).status_code == 404
    outsider = client_for(people["outsider"])
    here = reverse("transfer:version_file", kwargs={"plan": plan.uuid, "pk": version.pk})
    assert outsider.get(here).status_code == 404
