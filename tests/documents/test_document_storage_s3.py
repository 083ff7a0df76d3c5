"""Documents stored in S3-compatible storage (django-storages) against moto in server mode."""

import socket
import subprocess
import sys
import time

import pytest
from django.urls import reverse

from documents.models import DocumentStatus
from documents.services import document_request
from plans.models import Role
from tests.documents.conftest import fill
from tests.plans.factories import MembershipFactory

pytestmark = pytest.mark.django_db

BUCKET = "planner-documents"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def s3_endpoint():
    pytest.importorskip("moto")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("moto server did not start")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    import boto3

    credentials = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **credentials)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": "testing",
                "secret_key": "testing",
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    return client


def test_a_document_is_stored_in_the_bucket_and_downloaded_through_the_app(
    s3_storage, client_for, django_capture_on_commit_callbacks
):
    owner = MembershipFactory(role=Role.OWNER)
    fill(owner.plan, owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        document, _ = document_request(plan=owner.plan, user=owner.user)
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY, document.error
    objects = s3_storage.list_objects_v2(Bucket=BUCKET, Prefix="documents/").get("Contents", [])
    keys = [o["Key"] for o in objects]
    assert keys == [document.file.name]
    stored = s3_storage.get_object(Bucket=BUCKET, Key=document.file.name)["Body"].read()
    assert len(stored) == document.size

    response = client_for(owner.user).get(
        reverse("documents:download", kwargs={"plan": owner.plan.uuid, "pk": document.pk})
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
