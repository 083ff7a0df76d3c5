"""The reviews due, for the daily reminders (``notifications/reminders.py``, through the
extension's ``reminders`` hook)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.sections import registry
from plans.sections.reminders import due

from .models import ReviewRequest

REVIEW_SOON = _("Your decision on “%(what)s” is needed by %(when)s.")
REVIEW_LATE = _("Your decision on “%(what)s” was needed by %(when)s.")


def review_dues(plan, *, today, until):
    """Open review requests needed by ``until``, for the approvers they ask."""
    requests = (
        ReviewRequest.objects.filter(plan=plan, closed_at__isnull=True, due_date__lte=until)
        .prefetch_related("approvers")
        .order_by("due_date", "pk")
    )
    url = reverse("approvals:decide", kwargs={"plan": plan.uuid})
    dues = []
    for r in requests:
        if r.section_key not in registry:
            continue
        dues.append(
            due(
                r,
                when=r.due_date,
                today=today,
                soon=REVIEW_SOON,
                late=REVIEW_LATE,
                # The section's title, in each person's language.
                what=registry.get(r.section_key).title,
                url=f"{url}?section={r.section_key}",
                people=r.approvers.all(),
            )
        )
    return dues
