"""Reads of discussions; each a fixed number of queries."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch

from .models import Comment, Thread


def _comments_prefetch():
    return Prefetch(
        "comments",
        queryset=Comment.objects.select_related("author", "review_link").order_by(
            "created_at", "id"
        ),
    )


def threads(plan, *, section_key=None, content_type=None, object_id=None, status="open", limit=50):
    """Threads of a plan with their comments and authors: three queries."""
    qs = Thread.objects.filter(plan=plan).select_related("created_by", "resolved_by")
    if section_key:
        qs = qs.filter(section_key=section_key)
    if content_type is not None:
        qs = qs.filter(content_type=content_type, object_id=object_id)
    if status == "open":
        qs = qs.filter(resolved_at__isnull=True)
    elif status == "resolved":
        qs = qs.filter(resolved_at__isnull=False)
    return list(qs.prefetch_related(_comments_prefetch())[:limit])


def thread_detail(thread):
    return (
        Thread.objects.filter(pk=thread.pk)
        .select_related("created_by", "resolved_by")
        .prefetch_related(_comments_prefetch())
        .get()
    )


def open_thread_counts(plan):
    """{section key: number of open threads}, one query."""
    rows = (
        Thread.objects.filter(plan=plan, resolved_at__isnull=True)
        .values("section_key")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["section_key"]: r["n"] for r in rows}


def item_thread_counts(plan, model, object_ids=None):
    """{object id: number of open threads} for the items of one model (those of ``object_ids``
    when given: the rows a list draws), one query."""
    ct = ContentType.objects.get_for_model(model)
    threads = Thread.objects.filter(plan=plan, content_type=ct, resolved_at__isnull=True)
    if object_ids is not None:
        threads = threads.filter(object_id__in=list(object_ids))
    rows = threads.values("object_id").annotate(n=Count("id")).order_by()
    return {r["object_id"]: r["n"] for r in rows}


def thread_participants(thread):
    """Everyone who wrote in the thread."""
    ids = set(
        Comment.objects.filter(thread=thread, author__isnull=False).values_list("author", flat=True)
    )
    if thread.created_by_id:
        ids.add(thread.created_by_id)
    return ids
