"""Who is looking at a section right now: a heartbeat in the shared cache (Redis in production).

Each open section page polls every few seconds; a person stays "present" for ``TTL`` seconds
after their last heartbeat.

With Redis, a section is one hash (``presence:<plan>:<section>``) with a field per person: a
heartbeat writes only its own field (``HSET``), so heartbeats reaching different web processes
at the same moment never overwrite each other. Redis 7.0 has no expiry per field, so each value
carries its time; a read skips, and deletes, the fields older than ``TTL``, and the whole key
expires ``2 × TTL`` after the last heartbeat. Without Redis (``make run``'s local memory cache,
one process) the same is kept as one value.

Presence is a courtesy, not a function of the page: when the cache cannot be reached, nobody
else is shown and the page carries on (``PresenceUnavailable`` is caught by the caller).
"""

import json
import logging
import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

TTL = 30


class PresenceUnavailable(Exception):
    """The cache holding presence cannot be reached."""


def _key(plan, section_key):
    return f"presence:{plan.pk}:{section_key}"


def _cache():
    return caches["default"]


def _redis():
    """The Redis client behind the default cache, or None when the cache is not Redis."""
    backend = _cache()
    if isinstance(backend, RedisCache):
        return backend._cache.get_client(write=True)
    return None


def _fresh(values, now):
    """{user id: entry} of the entries younger than ``TTL``."""
    return {uid: v for uid, v in values.items() if now - v["at"] < TTL}


def _others(present, user):
    others = [v for uid, v in present.items() if uid != str(user.pk)]
    return sorted(others, key=lambda v: v["name"])


def _heartbeat_redis(client, key, user, entry, now):
    pipe = client.pipeline()
    pipe.hset(key, str(user.pk), json.dumps(entry))
    pipe.expire(key, TTL * 2)
    pipe.hgetall(key)
    *_, raw = pipe.execute()
    values = {k.decode(): json.loads(v) for k, v in raw.items()}
    stale = [uid for uid, v in values.items() if now - v["at"] >= TTL]
    if stale:
        client.hdel(key, *stale)
    return _fresh(values, now)


def heartbeat(*, plan, section_key, user, editing=False):
    """Record the user on the section and return the others present: [{name, editing}]."""
    from redis.exceptions import RedisError

    now = time.time()
    key = _key(plan, section_key)
    entry = {"name": user.name, "editing": bool(editing), "at": now}
    try:
        client = _redis()
        if client is not None:
            present = _heartbeat_redis(
                client, _cache().make_and_validate_key(key), user, entry, now
            )
        else:
            present = _fresh(_cache().get(key) or {}, now)
            present[str(user.pk)] = entry
            _cache().set(key, present, TTL * 2)
    except (RedisError, OSError) as error:
        logger.warning("Presence is unavailable: %s", error)
        raise PresenceUnavailable from error
    return _others(present, user)


def leave(*, plan, section_key, user):
    from redis.exceptions import RedisError

    key = _key(plan, section_key)
    try:
        client = _redis()
        if client is not None:
            client.hdel(_cache().make_and_validate_key(key), str(user.pk))
            return
        present = _cache().get(key) or {}
        if present.pop(str(user.pk), None) is not None:
            _cache().set(key, present, TTL * 2)
    except (RedisError, OSError) as error:
        logger.warning("Presence is unavailable: %s", error)
