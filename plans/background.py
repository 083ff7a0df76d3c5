"""What every piece of background work shares: a PDF (``documents``), a plan file or an import
(``transfer``). Each is a row (queued -> running -> ready | failed) whose task takes its id.

- ``dispatch`` hands the task to the broker and records on the row when it did (``enqueued_at``)
  or why it could not (``dispatch_error``): a broker that is down never fails the request, the
  row stays queued and is sent again (``redispatch``, periodic and on a visit of its page).
- ``claim`` takes the row for one worker in one UPDATE whose WHERE clause holds the state: of
  two workers holding the same message, only one gets it. A row left running by a dead worker
  can be taken again once its lease (the task's time limit) is over.

The row's model has ``status``, ``enqueued_at``, ``dispatch_error``, ``started_at`` and
``attempts``; the caller names its queued and running states.
"""

import logging
from datetime import timedelta

from django.db import OperationalError
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)

# A queued row whose message was handed to the broker this long ago without being picked up is
# sent again (the broker may have lost it). A duplicate message is harmless: the claim lets
# only one through.
REDISPATCH_AFTER = timedelta(minutes=10)


def broker_errors():
    from kombu.exceptions import KombuError

    errors = [KombuError, OSError]
    try:
        from redis.exceptions import RedisError

        errors.append(RedisError)
    except ImportError:  # pragma: no cover - redis is a dependency of celery[redis]
        pass
    return tuple(errors)


def transient_errors():
    """Errors worth another attempt: storage, network and database hiccups."""
    errors = [OSError, OperationalError, ConnectionError, TimeoutError]
    try:
        from botocore.exceptions import ConnectionError as BotoConnectionError
        from botocore.exceptions import HTTPClientError

        errors += [BotoConnectionError, HTTPClientError]
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


def dispatch(task, *, model, pk, queued):
    """Hand ``task(pk)`` to the broker. Never raises when the broker is down: the row stays
    ``queued``, with the reason, and is sent again later. Returns whether it was sent."""
    from celery.exceptions import Retry

    try:
        task.apply_async(args=[pk])
    except Retry:
        # Only without a broker (tasks run in-process): the work hit a transient error and
        # the row is queued again; the next visit of its page sends it again.
        model.objects.filter(pk=pk).update(enqueued_at=None)
        return False
    except broker_errors() as error:
        reason = f"{type(error).__name__}: {error}"[:255]
        logger.warning("%s %s could not be queued: %s", model.__name__, pk, reason)
        model.objects.filter(pk=pk, status=queued).update(dispatch_error=reason, enqueued_at=None)
        return False
    model.objects.filter(pk=pk).update(enqueued_at=timezone.now(), dispatch_error="")
    return True


def to_redispatch(model, *, queued, running, lease, now=None):
    """The rows that should be queued but whose message never reached the broker or was lost."""
    now = now or timezone.now()
    return model.objects.filter(
        Q(status=queued, enqueued_at__isnull=True)
        | Q(status=queued, enqueued_at__lt=now - REDISPATCH_AFTER)
        # Claimed by a worker that died and whose message was lost with the broker.
        | Q(status=running, started_at__lt=now - lease - REDISPATCH_AFTER)
    )


def redispatch(rows, send):
    """``send(pk)`` for every row of ``rows``; stops at the first failure (the broker is down:
    the others would fail the same way). Returns (sent, failed)."""
    sent = failed = 0
    for pk in rows.values_list("pk", flat=True):
        if send(pk):
            sent += 1
        else:
            failed += 1
            break
    return sent, failed


def claim(model, *, pk, queued, running, lease, now=None):
    """Take the row for this worker: its new ``started_at``, or None when another has it (or it
    is finished). ``lease`` is how long a claim holds before a dead worker's row is taken back."""
    now = now or timezone.now()
    claimed = (
        model.objects.filter(pk=pk)
        .filter(Q(status=queued) | Q(status=running, started_at__lt=now - lease))
        .update(status=running, started_at=now, attempts=F("attempts") + 1)
    )
    return now if claimed == 1 else None
