"""Hooks for the load benchmark (bench/bench_load.py): where to post comments, and a count.

Every simulated person starts a discussion on a section of the large demo plan through the same
htmx form as the page; each comment carries a marker, so the benchmark can check afterwards that
every comment the server accepted was stored.
"""

import uuid

from django.urls import reverse

from plans.sections import registry

from .models import Comment


def targets(plan):
    marker = f"bench-{uuid.uuid4().hex[:12]}"
    section = registry.all()[0]
    return {
        "comment_url": reverse("discussions:thread_new", kwargs={"plan": plan.uuid}),
        "comment_data": {
            "section_key": section.key,
            "body": f"Load test comment on {section.key} [{marker}]",
        },
        "comment_marker": marker,
    }


def stored_comments(marker):
    return Comment.objects.filter(body__contains=marker, deleted_at__isnull=True).count()
