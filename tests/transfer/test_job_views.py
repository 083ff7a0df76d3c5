"""Large exports and imports from the browser: jobs, their page, and who sees it."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import Membership, Plan, Role
from tests.conftest import count_queries
from tests.plans.factories import MembershipFactory
from transfer.models import JobKind, JobStatus, TransferJob
from transfer.plan_file import parse, plan_export
from transfer.progress import plan_item_count

pytestmark = pytest.mark.django_db


def plan_url(name, plan):
    return reverse(f"transfer:{name}", kwargs={"plan": plan.uuid})


def job_url(job, name="job"):
    return reverse(f"transfer:{name}", kwargs={"pk": job.pk})


@pytest.fixture
def at_most(settings, demo_content):
    """``at_most(n)``: plans of more than ``n`` items, and files of more rows, run as jobs."""

    def set_limit(items):
        settings.TRANSFER_BACKGROUND_ITEMS = items

    return set_limit


@pytest.mark.parametrize("name", ["plan_file", "workbook"])
def test_a_plan_within_the_limit_downloads_at_once(demo_content, at_most, client_for, name):
    plan, owner = demo_content
    at_most(plan_item_count(plan))
    response = client_for(owner).get(plan_url(name, plan))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert not TransferJob.objects.exists()


@pytest.mark.parametrize(
    ("name", "kind"), [("plan_file", "export_json"), ("workbook", "export_xlsx")]
)
def test_a_plan_over_the_limit_is_exported_by_a_job_that_ends_in_a_download(
    demo_content, at_most, client_for, django_capture_on_commit_callbacks, name, kind
):
    """Tasks run in-process here, as with ``make run``: the job is done when the page opens."""
    plan, owner = demo_content
    at_most(plan_item_count(plan) - 1)
    owner_client = client_for(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.get(plan_url(name, plan))
    job = TransferJob.objects.get()
    assert (job.kind, job.plan, job.requested_by) == (kind, plan, owner)
    assert response.status_code == 302 and response["Location"] == job_url(job)
    page = owner_client.get(job_url(job))
    assert page.status_code == 200
    html = page.content.decode()
    assert job_url(job, "job_download") in html
    assert 'hx-trigger="every 2s"' not in html  # finished: the page no longer polls
    download = owner_client.get(job_url(job, "job_download"))
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    if kind == "export_json":
        exported = parse(content)
        assert exported["items"] == plan_export(plan)["items"]
    else:
        assert content[:2] == b"PK"


def test_a_running_job_shows_its_progress_and_polls(
    demo_content, client_for, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from transfer import jobs

    plan, owner = demo_content
    with django_capture_on_commit_callbacks(execute=False):
        job = jobs.job_request(kind=JobKind.EXPORT_JSON, plan=plan, user=owner)
    TransferJob.objects.claim(job.pk)
    cache.set(jobs._progress_key(job.pk), (50, 200))
    html = client_for(owner).get(job_url(job, "job_status")).content.decode()
    assert 'hx-trigger="every 2s"' in html and 'aria-valuenow="25"' in html
    assert "50 of 200 items" in html
    cache.delete(jobs._progress_key(job.pk))


def test_a_job_still_running_after_its_lease_says_its_worker_has_stopped(
    demo_content, client_for, settings, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from transfer import jobs

    plan, owner = demo_content
    with django_capture_on_commit_callbacks(execute=False):
        job = jobs.job_request(kind=JobKind.EXPORT_JSON, plan=plan, user=owner)
    client = client_for(owner)
    TransferJob.objects.claim(job.pk)
    assert "has most likely stopped" not in client.get(job_url(job, "job_status")).content.decode()
    long_ago = timezone.now() - timedelta(seconds=settings.TRANSFER_JOB_TIME_LIMIT + 60)
    TransferJob.objects.filter(pk=job.pk).update(started_at=long_ago)
    html = client.get(job_url(job, "job_status")).content.decode()
    assert "has most likely stopped" in html and "tried again by itself" in html


def upload(data, name="plan.json"):
    return SimpleUploadedFile(name, json.dumps(data).encode(), content_type="application/json")


def test_an_import_over_the_limit_is_confirmed_into_a_job_that_links_to_the_new_plan(
    demo_content, at_most, client_for, django_capture_on_commit_callbacks
):
    plan, owner = demo_content
    data = plan_export(plan)
    at_most(sum(len(rows) for rows in data["items"].values()) - 1)
    importer = MembershipFactory(role=Role.OWNER).user
    c = client_for(importer)
    preview = c.post(reverse("transfer:import"), {"file": upload(data)})
    assert preview.status_code == 200
    before = set(Plan.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = c.post(
            reverse("transfer:import"), {"token": preview.context["token"], "filename": "p.json"}
        )
    job = TransferJob.objects.get()
    assert confirmed.status_code == 302 and confirmed["Location"] == job_url(job)
    assert (job.kind, job.status, job.filename) == (JobKind.IMPORT, JobStatus.READY, "p.json")
    (new_plan,) = Plan.objects.exclude(pk__in=before)
    assert job.created_plan == new_plan
    html = c.get(job_url(job)).content.decode()
    assert reverse("plans:overview", kwargs={"plan": new_plan.uuid}) in html
    listing = c.get(reverse("transfer:import")).content.decode()
    assert job_url(job) in listing and "p.json" in listing


def test_an_import_within_the_limit_is_written_at_once(
    demo_content, at_most, client_for, django_capture_on_commit_callbacks
):
    plan, owner = demo_content
    data = plan_export(plan)
    at_most(sum(len(rows) for rows in data["items"].values()))
    c = client_for(owner)
    token = c.post(reverse("transfer:import"), {"file": upload(data)}).context["token"]
    confirmed = c.post(reverse("transfer:import"), {"token": token, "filename": "p.json"})
    assert confirmed.status_code == 302 and "/transfers/" not in confirmed["Location"]
    assert not TransferJob.objects.exists()


def test_a_refused_import_job_shows_its_problems_as_the_preview_does(
    demo_content, client_for, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from transfer import jobs

    plan, owner = demo_content
    data = plan_export(plan)
    data["items"]["actions.task"][0]["due_date"] = "31/02/2026"
    held = default_storage.save("plan-imports/t/bad", ContentFile(json.dumps(data).encode()))
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_request(kind=JobKind.IMPORT, user=owner, held=held, filename="bad.json")
    html = client_for(owner).get(job_url(job)).content.decode()
    assert "The file cannot be imported. Nothing was written." in html
    assert f"<li>Tasks, row 1 ({data['items']['actions.task'][0]['id']}), Due date:" in html


# --- Who sees a job -------------------------------------------------------------------------


@pytest.fixture
def export_job(demo_content, django_capture_on_commit_callbacks):
    from transfer import jobs

    plan, owner = demo_content
    with django_capture_on_commit_callbacks(execute=True):
        return jobs.job_request(kind=JobKind.EXPORT_JSON, plan=plan, user=owner)


JOB_URLS = ["job", "job_status", "job_download"]


@pytest.mark.parametrize("name", JOB_URLS)
def test_the_requester_opens_the_job(export_job, client_for, name):
    response = client_for(export_job.requested_by).get(job_url(export_job, name))
    assert response.status_code == 200


@pytest.mark.parametrize("name", JOB_URLS)
@pytest.mark.parametrize("role", [Role.OWNER, Role.VIEWER])
def test_another_member_of_the_plan_gets_404(export_job, client_for, name, role):
    member = MembershipFactory(plan=export_job.plan, role=role).user
    assert client_for(member).get(job_url(export_job, name)).status_code == 404


@pytest.mark.parametrize("name", JOB_URLS)
def test_a_non_member_gets_404(export_job, client_for, name):
    stranger = MembershipFactory(role=Role.OWNER).user
    assert client_for(stranger).get(job_url(export_job, name)).status_code == 404


@pytest.mark.parametrize("name", JOB_URLS)
def test_the_requester_whose_access_was_removed_gets_404(export_job, client_for, name):
    Membership.objects.filter(plan=export_job.plan, user=export_job.requested_by).delete()
    assert client_for(export_job.requested_by).get(job_url(export_job, name)).status_code == 404


@pytest.mark.parametrize("name", JOB_URLS)
def test_an_anonymous_visitor_is_sent_to_sign_in(export_job, client, name):
    response = client.get(job_url(export_job, name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_nobody_else_sees_an_import_job(
    demo_content, client_for, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from transfer import jobs

    plan, owner = demo_content
    held = default_storage.save(
        "plan-imports/t/ok", ContentFile(json.dumps(plan_export(plan)).encode())
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_request(kind=JobKind.IMPORT, user=owner, held=held, filename="ok.json")
    assert client_for(owner).get(job_url(job)).status_code == 200
    other = MembershipFactory(plan=plan, role=Role.OWNER).user
    assert client_for(other).get(job_url(job)).status_code == 404
    listing = client_for(other).get(reverse("transfer:import")).content.decode()
    assert job_url(job) not in listing


# --- Query counts ---------------------------------------------------------------------------


def test_the_import_page_costs_the_same_queries_for_one_import_or_many(demo_content, client_for):
    plan, owner = demo_content
    c = client_for(owner)

    def imported():
        copy = MembershipFactory(role=Role.OWNER, user=owner).plan
        TransferJob.objects.create(
            kind=JobKind.IMPORT,
            requested_by=owner,
            status=JobStatus.READY,
            filename="p.json",
            created_plan=copy,
        )

    imported()
    c.get(reverse("transfer:import"))
    one = count_queries(c, reverse("transfer:import"))
    for _ in range(4):
        imported()
    many = count_queries(c, reverse("transfer:import"))
    assert one == many
    assert c.get(reverse("transfer:import")).content.decode().count("/transfers/") == 5


def test_the_job_page_needs_a_few_queries_whatever_the_plan(export_job, client_for):
    c = client_for(export_job.requested_by)
    c.get(job_url(export_job))
    assert count_queries(c, job_url(export_job)) <= 8
