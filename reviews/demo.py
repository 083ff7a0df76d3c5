"""Demo collaboration: a discussion with a mention, approval settings and a published version."""

import secrets
from datetime import timedelta

from django.utils import timezone

from plans.models import Membership, Role
from plans.sections import registry
from plans.versions import version_publish

from . import services
from .models import LinkMode, ReviewLink


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
        from django.contrib.contenttypes.models import ContentType

        services.thread_create(
            plan=plan,
            section_key=first.key,
            body="Is this target realistic within two years?",
            user=people.get(Role.APPROVER, user),
            content_type_id=ContentType.objects.get_for_model(model).pk,
            object_id=item.pk,
        )
    services.approval_rules_save(plan=plan, rules={s.key: (True, []) for s in sections}, user=user)
    # A reader outside the plan, with a link to the first section (made here without its
    # e-mail: demo addresses receive nothing).
    owner = people.get(Role.OWNER, user)
    ReviewLink.objects.create(
        plan=plan,
        section_key=first.key,
        name="Anne Petit",
        email="anne.petit@health-agency.example",
        mode=LinkMode.COMMENT,
        note="Could you check the injury figures against the agency's records?",
        nonce=secrets.token_hex(16),
        created_by=owner,
        expires_at=timezone.now() + timedelta(days=14),
    )
    version_publish(plan=plan, user=user, label="First draft", note="Shared with the council.")
