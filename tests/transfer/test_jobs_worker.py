"""Exports and imports run by a real Celery worker on Redis, sharing the test database."""

import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from plans.models import Plan
from tests.transfer.test_plan_file import comparable
from transfer import jobs
from transfer.models import JobKind, JobStatus, TransferJob
from transfer.plan_file import parse, plan_export
from transfer.progress import plan_item_count
from transfer.workbook import plan_workbook

pytestmark = pytest.mark.worker


def finished(worker, job):
    def done():
        job.refresh_from_db()
        return job.is_finished

    worker.wait_for(done, timeout=90, what=f"the {job.kind} job")
    return job


def read(job):
    with job.file.open("rb") as handle:
        return handle.read()


def without_export_time(data):
    data["source"].pop("exported_at")
    return data


def cells(content):
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}


def hold(user, data):
    return default_storage.save(
        f"plan-imports/{user.pk}/test", ContentFile(json.dumps(data).encode())
    )


def test_a_plan_file_export_runs_on_the_worker_and_gives_the_direct_export(
    celery_worker, demo_content
):
    plan, owner = demo_content
    job = jobs.job_request(kind=JobKind.EXPORT_JSON, plan=plan, user=owner)
    assert job.status == JobStatus.QUEUED
    finished(celery_worker, job)
    assert job.status == JobStatus.READY, job.error
    total = plan_item_count(plan)
    assert total > 50
    assert (job.progress_done, job.progress_total) == (total, total)
    assert job.filename.endswith(".json") and job.attempts == 1
    assert without_export_time(parse(read(job))) == without_export_time(plan_export(plan))


def test_a_workbook_export_runs_on_the_worker_and_opens_as_the_direct_one(
    celery_worker, demo_content
):
    plan, owner = demo_content
    job = finished(celery_worker, jobs.job_request(kind=JobKind.EXPORT_XLSX, plan=plan, user=owner))
    assert job.status == JobStatus.READY, job.error
    assert job.progress_done == job.progress_total == plan_item_count(plan)
    produced = cells(read(job))
    assert produced == cells(plan_workbook(plan))
    tasks = plan_export(plan)["items"]["actions.task"]
    assert len(tasks) > 0
    assert [row[0] for row in produced["Tasks"][2:]] == [t["id"] for t in tasks]


def test_an_import_runs_on_the_worker_and_creates_the_plan_with_its_items(
    celery_worker, demo_content
):
    plan, owner = demo_content
    data = plan_export(plan)
    before = set(Plan.objects.values_list("pk", flat=True))
    job = jobs.job_request(
        kind=JobKind.IMPORT, user=owner, held=hold(owner, data), filename="plan.json"
    )
    finished(celery_worker, job)
    assert job.status == JobStatus.READY, (job.error, job.problems)
    (new_plan,) = Plan.objects.exclude(pk__in=before)
    assert job.created_plan == new_plan
    rows = sum(len(r) for r in data["items"].values())
    assert (job.progress_done, job.progress_total) == (rows, rows)
    assert comparable(plan_export(new_plan)) == comparable(data)
    assert new_plan.memberships.get().user == owner


def test_a_refused_import_fails_with_its_problems_and_writes_nothing(celery_worker, demo_content):
    plan, owner = demo_content
    data = plan_export(plan)
    data["items"]["actions.task"][1]["due_date"] = "31/02/2026"
    plans_before = Plan.objects.count()
    job = jobs.job_request(
        kind=JobKind.IMPORT, user=owner, held=hold(owner, data), filename="bad.json"
    )
    finished(celery_worker, job)
    assert job.status == JobStatus.FAILED
    assert job.created_plan is None
    assert Plan.objects.count() == plans_before
    task = data["items"]["actions.task"][1]["id"]
    assert {"where": f"Tasks, row 2 ({task})", "field": "Due date"} in [
        {"where": p["where"], "field": p["field"]} for p in job.problems
    ], job.problems
    assert TransferJob.objects.get(pk=job.pk).error
