"""How discussions extend every plan without plans importing them: one ``PlanExtension``.

Registered once in ``DiscussionsConfig.ready()``; see ``plans/sections/extensions.py`` for where
plans calls each method.
"""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from plans.history import section_last_change, section_token
from plans.sections.extensions import PlanExtension, plan_file_moment, plan_file_person

from . import demo, selectors
from .models import Comment


def plan_comments(plan):
    """The plan's comments (those not deleted) as plain data, oldest first, for a plan file
    exported with them; an outside reviewer's by the name their link gave. One query."""
    comments = (
        Comment.objects.filter(plan=plan, deleted_at__isnull=True)
        .select_related("thread__content_type", "author", "review_link")
        .order_by("created_at", "id")
    )
    threads = {}
    found = []
    for comment in comments:
        thread = comment.thread
        ct = thread.content_type
        model = ct.model_class() if ct is not None else None
        found.append(
            {
                "discussion": threads.setdefault(thread.pk, len(threads) + 1),
                "section": thread.section_key,
                "item": (model, thread.object_id) if model is not None else None,
                "item_label": thread.object_label,
                "resolved": thread.resolved_at is not None,
                "author": plan_file_person(
                    comment.author, comment.author_name if comment.review_link_id else ""
                ),
                "created_at": plan_file_moment(comment.created_at),
                "edited_at": plan_file_moment(comment.edited_at),
                "body": comment.body,
            }
        )
    return found


class DiscussionsExtension(PlanExtension):
    """The discussions and presence panel of every section page; on every row, a link to its
    discussions with the number open; open discussions on the overview; comments in plan
    files."""

    name = "discussions"

    def section_context(self, request, access, section):
        token = section_token(section_last_change(request, access.plan, section.key))
        return {
            "discussions": {"token": token},
            "section_panels": ["discussions/partials/section_panel.html"],
        }

    def collection_context(self, request, access, collection, items):
        plan = access.plan
        ct = ContentType.objects.get_for_model(collection.model)
        url = reverse("discussions:threads", kwargs={"plan": plan.uuid})
        return {
            "thread_counts": selectors.item_thread_counts(
                plan, collection.model, object_ids=[item.pk for item in items]
            ),
            "discuss_url": f"{url}?section={collection.section_key}&ct={ct.pk}",
        }

    def section_badges(self, plan, summaries):
        counts = selectors.open_thread_counts(plan)
        for item in summaries:
            item["open_threads"] = counts.get(item["section"].key, 0)

    def demo(self, plan, *, size, user, rng):
        demo.demo(plan, size=size, user=user, rng=rng)

    def plan_reviews(self, plan):
        return {"comments": plan_comments(plan)}
