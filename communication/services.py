"""Writes of the communication section beyond plain item editing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.services import task_create
from plans.sections.items import item_update

from .models import Engagement, follow_up_title


@transaction.atomic
def communication_mark_done(*, entry, expected_version, user, on=None):
    """Record that a planned communication took place (today unless ``on`` says otherwise)."""
    return item_update(
        instance=entry,
        data={"last_done_on": on or timezone.localdate()},
        expected_version=expected_version,
        user=user,
        reason=_("Marked as held"),
    )


@transaction.atomic
def follow_up_to_task(*, engagement, index, user):
    """Turn follow-up number ``index`` of an engagement into a task of the action plan."""
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    lines = engagement.follow_up_lines()
    if index is None or not 0 <= index < len(lines):
        raise ValidationError(_("This follow-up no longer exists. Reload the page."))
    title = follow_up_title(lines[index])
    if engagement.follow_up_tasks.filter(title=title).exists():
        raise ValidationError(_("A task has already been created for this follow-up."))
    # The task is a row of the action plan: its own service creates it, with its own rules.
    task = task_create(
        plan=engagement.plan,
        data={
            "title": title,
            "description": _("Follow-up of “%(title)s” (%(date)s).")
            % {"title": engagement.title, "date": engagement.date.isoformat()},
        },
        user=user,
    )
    # The link is a change of the engagement: simple-history records it (m2m_fields), by user.
    engagement._history_user = user
    engagement.follow_up_tasks.add(task)
    return task
