"""The export and import jobs' service: the claim, the progress, the broker being down."""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from plans.models import Plan
from transfer import jobs
from transfer.models import JobKind, JobStatus, TransferJob
from transfer.plan_file import parse, plan_export, plan_import
from transfer.progress import EVERY, plan_item_count
from transfer.workbook import plan_workbook

pytestmark = pytest.mark.django_db


def queued(kind, plan, user, django_capture_on_commit_callbacks, **kwargs):
    """A job left queued: its message is not sent (the test runs it by hand)."""
    with django_capture_on_commit_callbacks(execute=False):
        return jobs.job_request(kind=kind, plan=plan, user=user, **kwargs)


def test_a_job_claimed_twice_runs_once(demo_content, django_capture_on_commit_callbacks, media):
    plan, owner = demo_content
    job = queued(JobKind.EXPORT_JSON, plan, owner, django_capture_on_commit_callbacks)
    assert jobs.job_run(job.pk).state == "ready"
    assert jobs.job_run(job.pk).state == "skipped"  # the same message delivered again
    assert TransferJob.objects.claim(job.pk) is None
    job.refresh_from_db()
    assert job.status == JobStatus.READY and job.attempts == 1
    assert len(list(media.rglob("*.json"))) == 1


def test_only_one_of_two_claims_gets_the_job(demo_content, django_capture_on_commit_callbacks):
    plan, owner = demo_content
    job = queued(JobKind.EXPORT_XLSX, plan, owner, django_capture_on_commit_callbacks)
    assert TransferJob.objects.claim(job.pk) is not None
    assert TransferJob.objects.claim(job.pk) is None
    assert jobs.job_run(job.pk).state == "busy"  # the other holds it: nothing runs


def test_asking_again_while_an_export_runs_gives_the_same_job(
    demo_content, django_capture_on_commit_callbacks
):
    plan, owner = demo_content
    first = queued(JobKind.EXPORT_JSON, plan, owner, django_capture_on_commit_callbacks)
    again = queued(JobKind.EXPORT_JSON, plan, owner, django_capture_on_commit_callbacks)
    workbook = queued(JobKind.EXPORT_XLSX, plan, owner, django_capture_on_commit_callbacks)
    assert again == first and workbook != first


def steps(run):
    told = []
    run(lambda done, total: told.append((done, total)))
    return told


def assert_bounded(told, total):
    assert told[-1] == (total, total)
    assert [d for d, _t in told] == sorted(d for d, _t in told)
    assert len(told) <= total // EVERY + 2


def test_the_exports_and_the_import_tell_their_progress_a_bounded_number_of_times(demo_content):
    plan, owner = demo_content
    total = plan_item_count(plan)
    assert total > 2 * EVERY
    assert_bounded(steps(lambda p: plan_export(plan, progress=p)), total)
    assert_bounded(steps(lambda p: plan_workbook(plan, progress=p)), 2 * total)
    data = parse(json.dumps(plan_export(plan)))
    rows = sum(len(r) for r in data["items"].values())
    assert_bounded(steps(lambda p: plan_import(data, user=owner, progress=p)), rows)


def test_the_item_count_counts_every_item_of_the_plan_only(demo_content):
    plan, owner = demo_content
    data = plan_export(plan)
    assert plan_item_count(plan) == sum(len(r) for r in data["items"].values())
    plan_import(parse(json.dumps(data)), user=owner)  # a second plan with as many items
    assert plan_item_count(plan) == sum(len(r) for r in data["items"].values())


def test_a_job_the_broker_did_not_take_stays_queued_and_is_sent_again(
    demo_content, django_capture_on_commit_callbacks, monkeypatch
):
    plan, owner = demo_content

    def down(*args, **kwargs):
        raise OSError("Connection refused")

    monkeypatch.setattr("transfer.tasks.run_transfer_job.apply_async", down)
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_request(kind=JobKind.EXPORT_JSON, plan=plan, user=owner)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.waiting_for_broker
    assert "Connection refused" in job.dispatch_error
    assert list(TransferJob.objects.to_redispatch()) == [job]
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.jobs_redispatch() == (1, 0)  # eager in tests: it runs
    job.refresh_from_db()
    assert job.status == JobStatus.READY and not job.dispatch_error


def test_an_import_job_whose_file_is_refused_writes_nothing(
    demo_content, django_capture_on_commit_callbacks
):
    plan, owner = demo_content
    data = plan_export(plan)
    data["items"]["risks.risk"][0]["likelihood"] = 9
    held = default_storage.save("plan-imports/x/bad", ContentFile(json.dumps(data).encode()))
    before = Plan.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.job_request(kind=JobKind.IMPORT, user=owner, held=held, filename="bad.json")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.created_plan is None
    assert Plan.objects.count() == before
    assert job.problems[0]["field"] == "Likelihood (1-5)"
    assert job.problems[0]["where"].startswith("Risks, row 1 (")


def test_an_export_names_its_plan_and_an_import_its_file(demo_content):
    from django.core.exceptions import ValidationError

    plan, owner = demo_content
    with pytest.raises(ValidationError):
        jobs.job_request(kind=JobKind.EXPORT_JSON, user=owner)
    with pytest.raises(ValidationError):
        jobs.job_request(kind=JobKind.IMPORT, user=owner, plan=plan, held="x")
    assert not TransferJob.objects.exists()
