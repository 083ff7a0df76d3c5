"""Comments in the activity feed (``history/feed.py``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from history.feed import FeedEntry, FeedSource, excerpt, section_of

from .models import Comment


def rows(plan):
    return Comment.objects.filter(plan=plan, deleted_at__isnull=True)


def entries(plan, ids):
    found = {}
    comments = Comment.objects.filter(pk__in=ids).select_related("author", "thread", "review_link")
    for c in comments:
        url = reverse("discussions:thread", kwargs={"plan": plan.uuid, "pk": c.thread_id})
        found[c.pk] = FeedEntry(
            kind="comment",
            date=c.created_at,
            user=c.author,
            who=str(c.author_name),
            section=section_of(c.thread.section_key),
            label=c.thread.object_label,
            text=excerpt(c.body),
            url=f"{url}#comment-{c.pk}",
        )
    return found


COMMENTS = FeedSource(
    kind="comment",
    label=_("Comments"),
    rows=rows,
    section="thread__section_key",
    author="author",
    date="created_at",
    entries=entries,
)
