"""The demo plan notifies nobody, even when tasks run in-process."""

import pytest
from django.core import mail
from django.core.management import call_command

from notifications.models import Notification


@pytest.mark.django_db(transaction=True)
def test_seeding_the_demo_sends_no_email_although_it_notifies(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    call_command("seed_demo", "--quiet")
    # The demo's mentions and review requests did run their e-mail tasks at commit...
    assert Notification.objects.filter(emailed_at__isnull=False).exists()
    # ...into a backend that drops them.
    assert mail.outbox == []
