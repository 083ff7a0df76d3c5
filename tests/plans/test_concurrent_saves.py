"""Many clients save the same item at once against PostgreSQL: nothing is silently overwritten."""

import threading

import pytest
from django.db import connection, connections

from objectives.models import Goal
from plans.concurrency import ConflictError
from plans.sections.items import item_update
from tests.accounts.factories import UserFactory
from tests.conftest import require_service
from tests.objectives.factories import GoalFactory

CLIENTS = 8
ROUNDS = 5


@pytest.mark.django_db(transaction=True)
def test_every_concurrent_save_either_lands_or_is_reported_as_a_conflict():
    require_service(connection.vendor == "postgresql", "PostgreSQL")
    goal = GoalFactory(statement="start")
    users = [UserFactory() for _ in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS)
    landed, conflicts, errors = [], [], []
    lock = threading.Lock()

    def client(n):
        try:
            for r in range(ROUNDS):
                # Each client reads the item, then all save at the same moment.
                mine = Goal.objects.get(pk=goal.pk)
                barrier.wait(timeout=30)
                value = f"client {n} round {r}"
                try:
                    item_update(
                        instance=mine,
                        data={"statement": value},
                        expected_version=mine.version,
                        user=users[n],
                    )
                except ConflictError:
                    with lock:
                        conflicts.append(value)
                else:
                    with lock:
                        landed.append(value)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
            barrier.abort()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert not errors, errors
    assert len(landed) + len(conflicts) == CLIENTS * ROUNDS
    # Everyone read the same version each round: exactly one save per round lands.
    assert len(landed) == ROUNDS
    edits = list(
        Goal.history.filter(id=goal.pk, history_type="~").values_list("statement", flat=True)
    )
    assert sorted(edits) == sorted(landed)
    goal.refresh_from_db()
    assert goal.version == 1 + len(landed)
    assert goal.statement in landed
