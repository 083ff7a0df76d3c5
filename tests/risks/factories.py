import factory

from risks.models import ContingencyPlan, Risk
from tests.plans.factories import PlanFactory


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Risk {n}")
    category = "operational"
    likelihood = 3
    impact = 3


class ContingencyPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContingencyPlan

    plan = factory.SubFactory(PlanFactory)
    risk = factory.SubFactory(RiskFactory, plan=factory.SelfAttribute("..plan"))
    trigger = "It happens."
    alternative_actions = "Plan B."
