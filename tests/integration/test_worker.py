"""A real Celery worker on Redis sends the invitation e-mail."""

import pytest

from plans import services
from plans.models import Role
from tests.plans.factories import MembershipFactory


@pytest.mark.worker
def test_the_invitation_email_is_sent_by_the_worker(celery_worker):
    owner = MembershipFactory(role=Role.OWNER)
    services.invitation_create(
        plan=owner.plan, email="guest@example.org", role=Role.APPROVER, user=owner.user
    )
    celery_worker.wait_for(lambda: celery_worker.sent_mail(), timeout=30, what="the e-mail")
    (message,) = celery_worker.sent_mail()
    assert "guest@example.org" in message
    assert "/invitations/" in message
    assert "succeeded" in celery_worker.log()
