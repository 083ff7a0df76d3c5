"""Fixtures of the collaboration tests (discussions, approvals, history, notifications): the
plan's people by role, a goal and an open discussion. Each of those test folders loads them."""

import pytest

from discussions import services as discussion_services
from plans.models import Role
from tests.objectives.factories import GoalFactory


@pytest.fixture
def goal(plan):
    return GoalFactory(plan=plan, statement="Halve injuries")


@pytest.fixture
def owner(people):
    return people[Role.OWNER]


@pytest.fixture
def planner(people):
    return people[Role.PLANNER]


@pytest.fixture
def approver(people):
    return people[Role.APPROVER]


@pytest.fixture
def stakeholder(people):
    return people[Role.STAKEHOLDER]


@pytest.fixture
def viewer(people):
    return people[Role.VIEWER]


@pytest.fixture
def thread(plan, stakeholder):
    return discussion_services.thread_create(
        plan=plan, section_key="objectives", body="Is the scope too wide?", user=stakeholder
    )
