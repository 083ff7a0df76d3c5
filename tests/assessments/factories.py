import factory

from assessments.models import (
    Cause,
    Evidence,
    Need,
    Quadrant,
    Requirement,
    SourceType,
    Stakeholder,
    SwotItem,
)
from tests.plans.factories import PlanFactory


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    plan = factory.SubFactory(PlanFactory)
    statement = factory.Sequence(lambda n: f"Need {n}")
    affected_group = "Pupils"
    severity = 2
    priority = 2


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    need = factory.SubFactory(NeedFactory)
    plan = factory.SelfAttribute("need.plan")
    source_type = SourceType.SURVEY
    description = "Parent survey"
    reference = "Survey 2025"


class CauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cause

    need = factory.SubFactory(NeedFactory)
    plan = factory.SelfAttribute("need.plan")
    statement = factory.Sequence(lambda n: f"Cause {n}")


class SwotItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SwotItem

    plan = factory.SubFactory(PlanFactory)
    quadrant = Quadrant.STRENGTH
    text = factory.Sequence(lambda n: f"Factor {n}")


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Stakeholder {n}")
    organisation = "City"
    stakeholder_type = "beneficiary"
    interest = 3
    influence = 3
    engagement_approach = "Monthly meeting"


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Requirement

    stakeholder = factory.SubFactory(StakeholderFactory)
    plan = factory.SelfAttribute("stakeholder.plan")
    statement = factory.Sequence(lambda n: f"Requirement {n}")
    priority = "should"
