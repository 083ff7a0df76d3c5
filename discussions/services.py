"""Writes of discussions: threads, comments and mentions. ``<entity>_<verb>(*, ..., user)``,
atomic, validated; each tells the people concerned through ``plans.signals.plan_event``."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Kind
from plans.history import item_label
from plans.models import Membership
from plans.sections import registry
from plans.signals import plan_event

from . import selectors
from .models import Comment, Thread
from .text import find_mentions, render_markdown

# --- comments -----------------------------------------------------------------------------


def check_section(section_key):
    if section_key not in registry:
        raise ValidationError({"section_key": _("Choose one of the plan's sections.")})
    return registry.get(section_key)


def resolve_item(*, plan, section_key, content_type_id, object_id):
    """The item a thread is anchored to, checked to belong to the plan and to the section."""
    section = check_section(section_key)
    if not content_type_id and not object_id:
        return None, None
    try:
        ct = ContentType.objects.get_for_id(int(content_type_id))
        model = ct.model_class()
    except (ContentType.DoesNotExist, TypeError, ValueError):
        model = None
    if model is None or model not in section.models:
        raise ValidationError(_("This item does not belong to the section."))
    try:
        item = model._default_manager.filter(plan=plan, pk=int(object_id)).first()
    except (TypeError, ValueError):
        item = None
    if item is None:
        raise ValidationError(_("This item does not belong to the plan."))
    return ct, item


def _mentions(plan, body):
    """Members mentioned in ``body`` (by name, or by address); a mention of anyone else by
    address, or of a name two members share, is refused with a clear message."""
    if "@" not in (body or ""):
        return []
    people = [m.user for m in Membership.objects.filter(plan=plan).select_related("user")]
    found = find_mentions(body, people)
    strangers = [written for person, written in found if person is None and "@" in written]
    if strangers:
        raise ValidationError(
            {
                "body": _(
                    "%(who)s is not a member of this plan and cannot be mentioned. "
                    "Mention only people listed among the plan's members."
                )
                % {"who": ", ".join(strangers)}
            }
        )
    shared = [written for person, written in found if person is None]
    if shared:
        raise ValidationError(
            {
                "body": _(
                    "Several members are called %(name)s: mention the one you mean by their "
                    "e-mail address."
                )
                % {"name": shared[0]}
            }
        )
    return [person for person, _written in found]


def _mention_html(body, mentioned):
    return render_markdown(
        body, {u.email.lower(): u.name for u in mentioned if u.email}, [u.name for u in mentioned]
    )


def clean_body(body):
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write something before sending.")})
    return body


def thread_url(thread):
    return reverse("discussions:thread", kwargs={"plan": thread.plan.uuid, "pk": thread.pk})


def write_comment(*, thread, body, user, mentioned, link=None):
    comment = Comment(
        thread=thread,
        plan=thread.plan,
        author=user,
        review_link=link,
        body=body,
        body_html=_mention_html(body, mentioned),
    )
    # Through a reviewer link there is no author account: the link names the writer.
    comment.full_clean(exclude=["author"] if user is None else None)
    comment._history_user = user
    comment.save()
    comment.mentions.set(mentioned)
    return comment


def _announce(*, thread, comment, user, mentioned, reply):
    excerpt = comment.body[:500]
    context = {
        "url": thread_url(thread),
        "excerpt": excerpt,
        "section_key": thread.section_key,
        "item_label": thread.object_label,
    }

    def send(kind, recipients):
        plan_event.send(
            sender=Comment,
            plan=thread.plan,
            kind=kind,
            actor=user,
            recipients=recipients,
            context=context,
        )

    if mentioned:
        send(Kind.MENTION, mentioned)
    if reply:
        User = get_user_model()
        already = {u.pk for u in mentioned}
        ids = selectors.thread_participants(thread) - already - {user.pk}
        # Only people still in the plan hear about it.
        members = set(
            Membership.objects.filter(plan=thread.plan, user_id__in=ids).values_list(
                "user_id", flat=True
            )
        )
        participants = list(User.objects.filter(pk__in=members))
        if participants:
            send(Kind.REPLY, participants)


@transaction.atomic
def thread_create(*, plan, section_key, body, user, content_type_id=None, object_id=None):
    """Open a discussion on a section, or on one item of it, with its first comment."""
    body = clean_body(body)
    ct, item = resolve_item(
        plan=plan, section_key=section_key, content_type_id=content_type_id, object_id=object_id
    )
    mentioned = _mentions(plan, body)
    thread = Thread(
        plan=plan,
        section_key=section_key,
        content_type=ct,
        object_id=item.pk if item else None,
        object_label=item_label(item, type(item)) if item else "",
        created_by=user,
    )
    thread.full_clean()
    thread.save()
    comment = write_comment(thread=thread, body=body, user=user, mentioned=mentioned)
    _announce(thread=thread, comment=comment, user=user, mentioned=mentioned, reply=False)
    return thread


@transaction.atomic
def comment_reply(*, thread, body, user):
    body = clean_body(body)
    mentioned = _mentions(thread.plan, body)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    comment = write_comment(thread=thread, body=body, user=user, mentioned=mentioned)
    thread.last_activity_at = timezone.now()
    if thread.resolved_at:  # a reply reopens a resolved discussion
        thread.resolved_at = None
        thread.resolved_by = None
    thread.save()
    _announce(thread=thread, comment=comment, user=user, mentioned=mentioned, reply=True)
    return comment


def _own(comment, user):
    if comment.author_id != user.pk:
        raise PermissionDenied(_("Only its author can change a comment."))
    if comment.deleted_at:
        raise ValidationError(_("This comment has been deleted."))


@transaction.atomic
def comment_edit(*, comment, body, user):
    """Change one's own comment; the previous wording stays in the comment's history."""
    comment = Comment.objects.select_for_update().select_related("plan").get(pk=comment.pk)
    _own(comment, user)
    body = clean_body(body)
    mentioned = _mentions(comment.plan, body)
    new_people = [u for u in mentioned if not comment.mentions.filter(pk=u.pk).exists()]
    comment.body = body
    comment.body_html = _mention_html(body, mentioned)
    comment.edited_at = timezone.now()
    # Through a reviewer link there is no author account: the link names the writer.
    comment.full_clean(exclude=["author"] if user is None else None)
    comment._history_user = user
    comment.save()
    comment.mentions.set(mentioned)
    if new_people:
        plan_event.send(
            sender=Comment,
            plan=comment.plan,
            kind=Kind.MENTION,
            actor=user,
            recipients=new_people,
            context={"url": thread_url(comment.thread), "excerpt": body[:500]},
        )
    return comment


@transaction.atomic
def comment_delete(*, comment, user):
    """Withdraw one's own comment: it leaves the thread, its words stay in the history."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    _own(comment, user)
    comment.deleted_at = timezone.now()
    comment._history_user = user
    comment.save()
    return comment


@transaction.atomic
def thread_resolve(*, thread, user, resolved=True):
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if resolved and thread.resolved_at is None:
        thread.resolved_at = timezone.now()
        thread.resolved_by = user
        thread.save()
    elif not resolved and thread.resolved_at is not None:
        thread.resolved_at = None
        thread.resolved_by = None
        thread.last_activity_at = timezone.now()
        thread.save()
    return thread
