"""The xl demo plan is twice the large one, and both live side by side in one database.

Benchmarks compare the large and the xl plan to show how render time, memory and page CPU grow
with a plan: that only holds when every sizeable list of the xl plan is about twice the large
plan's. The plans are seeded for real, once for the module (the xl one in about a minute).
"""

import pytest
from django.apps import apps
from django.core.management import call_command

from actions.models import RaciAssignment, Task
from assessments.models import Evidence, Need, Stakeholder
from communication.models import CommunicationEntry, Engagement
from compliance.models import ConsentRecord, EthicalIssue
from compliance.models import Requirement as ComplianceRequirement
from monitoring.models import KPI, Lesson, Measurement
from objectives.models import Goal
from plans.demo import DEMO_PLANS, demo_plan, demo_scale
from plans.models import Plan, PlanScopedModel
from resources.models import Allocation, BudgetLine, TeamMember
from risks.models import ContingencyPlan, Risk
from strategy.models import LogicElement, Method

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(600)]

# How the benchmarks (bench/bench_pdf.py, bench_plan_files.py, bench_load.py) and the test
# fixtures find each plan.
PREFIXES = {
    "small": "Safer routes",
    "large": "Regional public-health",
    "xl": "Extra-large regional public-health",
}

MAIN_LISTS = [
    Task,
    RaciAssignment,
    Risk,
    ContingencyPlan,
    BudgetLine,
    Allocation,
    TeamMember,
    KPI,
    Measurement,
    Lesson,
    Stakeholder,
    Need,
    Evidence,
    Goal,
    LogicElement,
    Method,
    CommunicationEntry,
    Engagement,
    ComplianceRequirement,
    ConsentRecord,
    EthicalIssue,
]


@pytest.fixture(scope="module")
def sized_plans(demo_plans, django_db_blocker):
    """The three demo plans, the xl one seeded while the small and the large ones exist (within
    the module's transaction of ``demo_plans``, rolled back after the module)."""
    with django_db_blocker.unblock():
        call_command("seed_demo", "--quiet", "--size", "xl")
        return {size: Plan.objects.get(title=DEMO_PLANS[size]["title"]) for size in DEMO_PLANS}


def _count(model, plan):
    return model.objects.filter(plan=plan).count()


def test_each_size_is_a_multiple_of_the_large_content():
    assert [demo_scale(size) for size in ("small", "large", "xl")] == [0, 1, 2]
    assert set(DEMO_PLANS) == {"small", "large", "xl"}


def test_the_xl_plan_holds_about_twice_every_main_list_of_the_large_plan(sized_plans):
    for model in MAIN_LISTS:
        large, xl = _count(model, sized_plans["large"]), _count(model, sized_plans["xl"])
        assert large >= 20, f"{model.__name__}: only {large} in the large plan"
        assert 1.8 <= xl / large <= 2.2, f"{model.__name__}: {large} large, {xl} xl"


def test_every_sizeable_list_of_a_plan_grows_with_it(sized_plans):
    """Any item type with a few dozen rows in the large plan, the main lists' or a new one's."""
    sizeable = []
    for model in apps.get_models():
        if not issubclass(model, PlanScopedModel) or model._meta.abstract:
            continue
        large = _count(model, sized_plans["large"])
        if large >= 30:
            sizeable.append(model)
            xl = _count(model, sized_plans["xl"])
            assert 1.8 <= xl / large <= 2.2, f"{model.__name__}: {large} large, {xl} xl"
    assert set(MAIN_LISTS) - {ConsentRecord, EthicalIssue, Engagement} <= set(sizeable)


def test_the_xl_tasks_are_funded_and_found_by_their_titles(sized_plans):
    """The second round's tasks have their own names and their own programme lines."""
    xl = sized_plans["xl"]
    titles = list(Task.objects.filter(plan=xl).values_list("title", flat=True))
    assert len(titles) == len(set(titles))
    assert "Screening: scope (area 10)" in titles
    funded = Task.objects.filter(plan=xl, budget_lines__description__startswith="Programme")
    assert funded.distinct().count() == 400
    assert BudgetLine.objects.filter(plan=xl, description="Programme activity 400").exists()


def test_both_plans_live_side_by_side_and_seeding_one_keeps_the_other(sized_plans):
    from django.db import transaction

    # Each is found by the start of its title, as the benchmarks and the tests find them.
    for size, prefix in PREFIXES.items():
        assert Plan.objects.filter(title__startswith=prefix).get() == sized_plans[size]
    tasks = {size: _count(Task, plan) for size, plan in sized_plans.items()}
    assert tasks["large"] > tasks["small"] > 0
    for size in DEMO_PLANS:
        with transaction.atomic():
            again, _owner = demo_plan(size=size)  # deletes the plan of its own title only
            assert not Plan.objects.filter(pk=sized_plans[size].pk).exists()
            assert Plan.objects.filter(title=DEMO_PLANS[size]["title"]).get() == again
            for other, plan in sized_plans.items():
                if other != size:
                    assert _count(Task, plan) == tasks[other], f"seeding {size} changed {other}"
            transaction.set_rollback(True)
