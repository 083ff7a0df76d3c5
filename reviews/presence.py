"""Who is looking at a section right now: a heartbeat in the shared cache (Redis in production).

Each open section page polls every few seconds; a person stays "present" for ``TTL`` seconds
after their last heartbeat. A lost write between two heartbeats only delays the list a little.
"""

import time

from django.core.cache import cache

TTL = 30


def _key(plan, section_key):
    return f"presence:{plan.pk}:{section_key}"


def heartbeat(*, plan, section_key, user, editing=False):
    """Record the user on the section and return the others present: [{name, editing}]."""
    now = time.time()
    key = _key(plan, section_key)
    present = cache.get(key) or {}
    present = {uid: v for uid, v in present.items() if now - v["at"] < TTL}
    present[str(user.pk)] = {"name": user.name, "editing": bool(editing), "at": now}
    cache.set(key, present, TTL * 2)
    others = [v for uid, v in present.items() if uid != str(user.pk)]
    return sorted(others, key=lambda v: v["name"])


def leave(*, plan, section_key, user):
    key = _key(plan, section_key)
    present = cache.get(key) or {}
    if present.pop(str(user.pk), None) is not None:
        cache.set(key, present, TTL * 2)
