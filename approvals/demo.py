"""Demo approvals: every section needs one, a reader outside the plan has a link, and a first
version is published."""

import secrets
from datetime import timedelta

from django.utils import timezone

from discussions.models import LinkMode, ReviewLink
from plans.models import Membership, Role
from plans.sections import registry
from plans.versions import version_publish

from . import services


def demo(plan, *, size, user, rng):
    people = {m.role: m.user for m in Membership.objects.filter(plan=plan).select_related("user")}
    sections = registry.all()
    if not sections:
        return
    first = sections[0]
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
