import pytest

from plans.models import Role
from reviews import services
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
    return services.thread_create(
        plan=plan, section_key="objectives", body="Is the scope too wide?", user=stakeholder
    )
