import datetime

import factory

from plans.models import Invitation, Membership, Plan, Role, Sector
from tests.accounts.factories import UserFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"Intervention plan {n}")
    problem_statement = "Too many children are hurt on their way to school."
    sector = Sector.SAFETY
    organisation = "City of Riverside"
    geographic_area = "Riverside district"
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2027, 12, 31)
    language = "en"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    plan = factory.SubFactory(PlanFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.PLANNER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    plan = factory.SubFactory(PlanFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = Role.STAKEHOLDER
