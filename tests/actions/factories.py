import datetime

import factory

from actions.models import Milestone, RaciAssignment, Task
from tests.plans.factories import PlanFactory


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Task {n}")
    start_date = datetime.date(2026, 3, 1)
    due_date = datetime.date(2026, 3, 31)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    date = datetime.date(2026, 6, 30)


class RaciAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RaciAssignment

    plan = factory.SubFactory(PlanFactory)
    task = factory.SubFactory(TaskFactory, plan=factory.SelfAttribute("..plan"))
    role = "R"
