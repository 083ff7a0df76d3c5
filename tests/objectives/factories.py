import datetime
from decimal import Decimal

import factory

from objectives.models import Goal, Scope
from tests.plans.factories import PlanFactory


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    statement = factory.Sequence(lambda n: f"Goal {n}")
    specific_outcome = "Fewer injuries on school routes."
    metric = "Injuries per year"
    baseline = Decimal("14")
    target = Decimal("7")
    unit = "injuries"
    achievable_rationale = "Other districts did it."
    relevance = "It is the main need."
    target_date = datetime.date(2027, 6, 30)


class ScopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scope

    plan = factory.SubFactory(PlanFactory)
    in_scope = "Primary schools"
    out_of_scope = "Secondary schools"
    target_population = "Pupils aged 5 to 11"
