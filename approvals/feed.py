"""Approval decisions in the activity feed (``history/feed.py``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from history.feed import FeedEntry, FeedSource, excerpt, section_of

from .models import Approval


def rows(plan):
    return Approval.objects.filter(plan=plan)


def entries(plan, ids):
    url = reverse("approvals:approvals", kwargs={"plan": plan.uuid})
    return {
        a.pk: FeedEntry(
            kind="decision",
            date=a.decided_at,
            user=a.decided_by,
            who=str(a.decider_name),
            section=section_of(a.section_key),
            label="",
            text=excerpt(a.comment),
            url=url,
            decision=a.decision,
            decision_label=str(a.get_decision_display()),
        )
        for a in Approval.objects.filter(pk__in=ids).select_related("decided_by")
    }


DECISIONS = FeedSource(
    kind="decision",
    label=_("Approval decisions"),
    rows=rows,
    section="section_key",
    author="decided_by",
    date="decided_at",
    entries=entries,
)
