import datetime
from decimal import Decimal

import factory

from monitoring.models import KPI, Direction, Frequency, Lesson, Measurement
from tests.objectives.factories import GoalFactory
from tests.plans.factories import PlanFactory


class KPIFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KPI

    plan = factory.SubFactory(PlanFactory)
    goal = factory.SubFactory(GoalFactory, plan=factory.SelfAttribute("..plan"))
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "injuries"
    direction = Direction.LOWER
    baseline_value = Decimal("14")
    baseline_date = datetime.date(2026, 1, 1)
    target_value = Decimal("7")
    target_date = datetime.date(2027, 1, 1)
    frequency = Frequency.MONTHLY
    data_source = "Police records"
    owner = "Road safety officer"


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    kpi = factory.SubFactory(KPIFactory)
    plan = factory.SelfAttribute("kpi.plan")
    date = datetime.date(2026, 2, 1)
    value = Decimal("13")


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Lesson {n}")
    what_worked = "Walking buses with a coordinator"
    recommendation = "Name a coordinator per school"
