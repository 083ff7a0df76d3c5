"""Demo content for the plan itself: the organisation, its people and one complete plan."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import Invitation, Membership, Plan, PlanStatus, Role, Sector

DEMO_PASSWORD = "demo-planner-2026"  # noqa: S105 - published demo credentials, local use only

DEMO_PEOPLE = [
    ("owner@demo.planner.test", "Claire Martin", Role.OWNER, "fr"),
    ("planner@demo.planner.test", "Samir Haddad", Role.PLANNER, "en"),
    ("planner2@demo.planner.test", "Julie Moreau", Role.PLANNER, "fr"),
    ("approver@demo.planner.test", "Thomas Leroy", Role.APPROVER, "en"),
    ("stakeholder@demo.planner.test", "Nadia Benali", Role.STAKEHOLDER, "fr"),
    ("viewer@demo.planner.test", "Marc Dubois", Role.VIEWER, "en"),
]

DEMO_PLANS = {
    "small": {
        "title": "Safer routes to school in Riverside district",
        "problem_statement": (
            "Forty-two children were injured on their way to the four primary schools of the "
            "Riverside district over the last three school years, twice the city average. "
            "Parents report speeding on Canal Street, missing crossings near the schools and "
            "too few adults supervising the morning rush. Families who can drive their "
            "children now do, which adds traffic around the school gates and makes walking "
            "even less safe for the others."
        ),
        "sector": Sector.SAFETY,
        "organisation": "City of Riverside – Mobility and Public Safety Department",
        "geographic_area": "Riverside district (4 primary schools, 1,850 pupils)",
        "language": "en",
        "status": PlanStatus.DRAFT,
    },
    "large": {
        "title": "Regional public-health programme (benchmark plan)",
        "problem_statement": (
            "A large regional programme used to measure how the application behaves when a "
            "plan holds hundreds of tasks, risks, budget lines and indicators."
        ),
        "sector": Sector.HEALTH,
        "organisation": "Regional Health Agency",
        "geographic_area": "Whole region, 38 municipalities",
        "language": "en",
        "status": PlanStatus.DRAFT,
    },
    # Twice the large plan, so that benchmarks can show how time and memory grow with a plan.
    # Its title shares no prefix with the large plan's: both live side by side in a database,
    # and each is found by the start of its title.
    "xl": {
        "title": "Extra-large regional public-health programme (benchmark plan)",
        "problem_statement": (
            "The large benchmark plan twice over: twice its tasks, risks, budget lines, "
            "indicators and stakeholders, to measure how the application grows with a plan."
        ),
        "sector": Sector.HEALTH,
        "organisation": "Regional Health Agency",
        "geographic_area": "Whole region, 38 municipalities, two rounds",
        "language": "en",
        "status": PlanStatus.DRAFT,
    },
}

# How many times each demo size holds the large plan's extra content (the small plan none).
DEMO_SCALES = {"small": 0, "large": 1, "xl": 2}


def demo_scale(size):
    """How many times the plan of this demo size repeats the large plan's extra content.

    0 for the small plan, 1 for the large plan, 2 for the xl plan: each section's demo adds
    ``scale`` times its large content (twice the tasks, risks, budget lines... in the xl plan).
    """
    return DEMO_SCALES[size]


def demo_count(size, large, base=0):
    """How many items a section's demo adds to its ``base`` (small-plan) items of one list.

    None for the small plan, ``large`` for the large plan, and for a bigger plan as many as
    make the list ``demo_scale(size)`` times the large plan's, its base items included: the
    xl plan's list holds exactly twice the large plan's ``base + large``.
    """
    scale = demo_scale(size)
    return (base + large) * scale - base if scale else 0


def demo_people():
    User = get_user_model()
    people = {}
    for email, name, role, language in DEMO_PEOPLE:
        user, created = User.objects.get_or_create(
            username=email, defaults={"email": email, "display_name": name, "language": language}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        people[email] = (user, role)
    return people


def demo_plan(*, size="small"):
    """Create (afresh) the demo plan of the given size, with every member role."""
    people = demo_people()
    spec = DEMO_PLANS[size]
    Plan.objects.filter(title=spec["title"]).delete()
    owner = people["owner@demo.planner.test"][0]
    today = timezone.localdate()
    plan = Plan(
        **spec,
        start_date=today.replace(day=1) - datetime.timedelta(days=60),
        end_date=today.replace(day=1) + datetime.timedelta(days=730),
        created_by=owner,
        updated_by=owner,
    )
    plan._history_user = owner
    plan.save()
    for user, role in people.values():
        membership = Membership(plan=plan, user=user, role=role)
        membership._history_user = owner
        membership.save()
    Invitation.objects.create(
        plan=plan, email="health.officer@demo.planner.test", role=Role.STAKEHOLDER, invited_by=owner
    )
    return plan, owner
