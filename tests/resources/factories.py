import datetime
from decimal import Decimal

import factory

from resources.models import Allocation, BudgetLine, Category, ResourcesSettings, TeamMember
from tests.plans.factories import PlanFactory


class ResourcesSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourcesSettings

    plan = factory.SubFactory(PlanFactory)
    currency = "EUR"
    budget_ceiling = Decimal("100000")
    contingency_target = Decimal("10")


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    role = "Coordinator"
    availability = Decimal("1")


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    plan = factory.SubFactory(PlanFactory)
    category = Category.EQUIPMENT
    description = factory.Sequence(lambda n: f"Budget line {n}")
    amount = Decimal("1000.00")
    currency = "EUR"
    funding_source = "City budget"


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    plan = factory.SubFactory(PlanFactory)
    member = factory.SubFactory(TeamMemberFactory, plan=factory.SelfAttribute("..plan"))
    label = "Coordination"
    start_date = datetime.date(2026, 2, 1)
    end_date = datetime.date(2026, 4, 30)
    fte = Decimal("0.5")
