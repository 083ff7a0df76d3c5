import factory

from strategy.models import Assumption, Barrier, LogicElement, Method
from tests.plans.factories import PlanFactory


class MethodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Method

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Method {n}")
    method_type = "training"


class LogicElementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LogicElement

    plan = factory.SubFactory(PlanFactory)
    stage = 2
    statement = factory.Sequence(lambda n: f"Element {n}")


class AssumptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assumption

    plan = factory.SubFactory(PlanFactory)
    statement = factory.Sequence(lambda n: f"Assumption {n}")


class BarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Barrier

    plan = factory.SubFactory(PlanFactory)
    statement = factory.Sequence(lambda n: f"Barrier {n}")
