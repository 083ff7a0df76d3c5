"""What every piece of background work shares: a PDF (``documents``), a plan file or an import
(``transfer``). Each is a row (queued -> running -> ready | failed) whose task takes its id.

- ``dispatch`` hands the task to the broker and records on the row when it did (``enqueued_at``)
  or why it could not (``dispatch_error``): a broker that is down never fails the request, the
  row stays queued and is sent again (``redispatch``, periodic and on a visit of its page).
- ``Model.objects.claim`` (``plans.models.BackgroundWorkQuerySet``) takes the row for one
  worker in one UPDATE whose WHERE clause holds the state: of two workers holding the same
  message, only one gets it. A row left running by a dead worker can be taken again once its
  lease (the task's time limit) is over, until it has used up its attempts; then it is failed
  (``give_up``) instead of being sent again forever.

The row's model is a ``plans.models.BackgroundWork``: it names its states, its time limit
setting and its attempts.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from planner.stack import with_headroom

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What one run of the task came to: "ready", "failed", "skipped" (finished, gone, or
    taken over), "busy" (another worker holds it: look again in ``retry_in`` seconds) or
    "retry" (a transient ``error``: the row is queued again)."""

    state: str
    retry_in: float = 0
    error: BaseException | None = None


def run_task(task, work, pk):
    """The body of a background task: ``work(pk, retries_left=...)`` gives an ``Outcome``;
    a transient error is retried with exponential backoff (2, 4, 8... seconds), a row another
    worker holds is looked at again when its lease would be over."""
    outcome = with_headroom(work, pk, retries_left=task.max_retries - task.request.retries)
    if outcome.state == "retry":
        raise task.retry(countdown=2 ** (task.request.retries + 1), exc=outcome.error)
    if outcome.state == "busy":
        raise task.retry(countdown=outcome.retry_in, max_retries=None)
    return outcome.state


def outcome_of_error(model, pk, started_at, error, *, retries_left, too_long):
    """What an error raised by the work comes to, recorded on the row: the soft time limit
    fails it with ``too_long``; a transient error queues it again while ``retries_left``;
    anything else, or a transient error with no retry left, fails it with the error."""
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(error, SoftTimeLimitExceeded):
        model.objects.fail(pk, started_at, too_long)
        return Outcome("failed", error=error)
    reason = f"{type(error).__name__}: {error}"
    transient = isinstance(error, transient_errors())
    if transient and retries_left > 0:
        logger.warning("%s %s: transient error, will retry: %s", model.__name__, pk, reason)
        model.objects.still_mine(pk, started_at).update(status=model.QUEUED, error=reason)
        return Outcome("retry", error=error)
    if not transient:
        logger.exception("%s %s failed", model.__name__, pk)
    model.objects.fail(pk, started_at, reason)
    return Outcome("failed", error=error)


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


def task_options(model):
    """The Celery options of a background task: late acknowledgement (a message whose worker
    died is delivered again; the claim lets one run through), the model's attempts, and its
    time limit with a soft limit a little before it, to record the failure before the hard
    limit kills the child."""
    limit = getattr(settings, model.TIME_LIMIT_SETTING)
    return {
        "bind": True,
        "acks_late": True,
        "reject_on_worker_lost": True,
        "max_retries": model.MAX_ATTEMPTS,
        "soft_time_limit": limit - max(1, min(10, limit // 10)),
        "time_limit": limit,
    }


def dispatch(task, *, model, pk):
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
        model.objects.filter(pk=pk, status=model.QUEUED).update(
            dispatch_error=reason, enqueued_at=None
        )
        return False
    model.objects.filter(pk=pk).update(enqueued_at=timezone.now(), dispatch_error="")
    return True


def redispatch(model, send, *, now=None):
    """``send(pk)`` for every row of ``model`` that should be queued but is not; stops at the
    first failure (the broker is down: the others would fail the same way). A row that has used
    up its attempts is failed instead. Returns (sent, failed)."""
    given_up = model.objects.give_up(now=now)
    if given_up:
        logger.warning("%s: %s given up after their last attempt", model.__name__, given_up)
    sent = failed = 0
    for pk in model.objects.to_redispatch(now=now).values_list("pk", flat=True):
        if send(pk):
            sent += 1
        else:
            failed += 1
            break
    return sent, failed
