"""Demo discussions: one on the first section with a mention and a reply, one on an item."""

from django.contrib.contenttypes.models import ContentType

from plans.models import Membership, Role
from plans.sections import registry

from . import services


def demo(plan, *, size, user, rng):
    people = {m.role: m.user for m in Membership.objects.filter(plan=plan).select_related("user")}
    sections = registry.all()
    if not sections:
        return
    first = sections[0]
    stakeholder = people.get(Role.STAKEHOLDER, user)
    planner = people.get(Role.PLANNER, user)
    thread = services.thread_create(
        plan=plan,
        section_key=first.key,
        body=f"Could we check these figures with the schools? @{planner.name}",
        user=stakeholder,
    )
    services.comment_reply(
        thread=thread, body="Yes, I will ask the head teachers this week.", user=planner
    )
    model = next((m for m in first.models if m.objects.filter(plan=plan).exists()), None)
    if model is not None:
        item = model.objects.filter(plan=plan).order_by("pk").first()
        services.thread_create(
            plan=plan,
            section_key=first.key,
            body="Is this target realistic within two years?",
            user=people.get(Role.APPROVER, user),
            content_type_id=ContentType.objects.get_for_model(model).pk,
            object_id=item.pk,
        )
