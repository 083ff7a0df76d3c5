"""Counting requests in the shared cache (Redis in production, so every web process counts
together): ``within_limit`` for anything that must not be done without end (password-reset
e-mails; reviewer links count the same way in ``approvals/links.py``)."""

import hashlib
import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)


def digest(text):
    """A cache key part for a personal value (an address): not the address itself."""
    return hashlib.sha256(str(text).strip().lower().encode("utf-8")).hexdigest()[:32]


def within_limit(name, *, limit, window):
    """Count one more under ``name`` in the current ``window`` (seconds); True while the count
    is at most ``limit``. A cache that cannot be reached counts nothing (logged): throttling
    must not take the service down with it."""
    bucket = int(time.time() // window)
    key = f"throttle:{name}:{bucket}"
    try:
        cache.add(key, 0, timeout=window * 2)
        count = cache.incr(key)
    except Exception:  # noqa: BLE001 - any cache error: the request goes on, unthrottled
        logger.warning("throttle: the cache cannot be reached; %s not counted", name.split(":")[0])
        return True
    return count <= limit
