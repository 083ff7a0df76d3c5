"""The next planning cycle: a new plan from the last one, each item marked new, modified or
unchanged against it as the planner edits, what was dropped listed, lessons to review, KPIs
with their latest measurement as the new baseline when the planner ticks them."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import Task
from monitoring.models import KPI, EvaluationFinding, Lesson, Measurement
from objectives.models import Goal
from plans.models import Membership, Plan, Role
from plans.sections.items import item_create, item_delete, item_update
from risks.models import Risk
from tests.transfer.test_plan_file import comparable, seeded
from transfer.cycles import MODIFIED, NEW, UNCHANGED, compare, counts, plan_next_cycle
from transfer.models import Cycle
from transfer.plan_file import PlanFileRejected, label_of, plan_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def previous():
    plan = seeded("small")
    # The pages are read in English here (the demo's people read French).
    get_user_model().objects.filter(memberships__plan=plan).update(language="en")
    return plan


def owner_of(plan):
    return plan.memberships.get(role=Role.OWNER).user


def next_of(plan, **options):
    return plan_next_cycle(plan, user=owner_of(plan), title="Next", **options)


def test_the_next_cycle_carries_every_item_and_link_but_the_cycle_s_results(previous):
    assert Measurement.objects.filter(plan=previous).exists()
    assert EvaluationFinding.objects.filter(plan=previous).exists()
    new = next_of(previous)

    assert new.previous_cycle == previous and new.title == "Next"
    before, after = comparable(plan_export(previous)), comparable(plan_export(new))
    for label in (label_of(Measurement), label_of(EvaluationFinding)):
        assert before["items"].pop(label) and after["items"].pop(label) == []
    after["plan"]["title"] = before["plan"]["title"]
    assert after == before
    task = Task.objects.filter(plan=new).first()
    assert "next cycle" in task.history.first().history_change_reason


def test_items_start_unchanged_and_are_marked_as_the_planner_edits(previous):
    new = next_of(previous)
    user = owner_of(new)
    assert set(compare(new, Task).marks.values()) == {UNCHANGED}
    task, other = Task.objects.filter(plan=new).order_by("position", "id")[:2]
    item_update(
        instance=task,
        data={"title": task.title + " (again)"},
        expected_version=task.version,
        user=user,
    )
    goal = item_create(plan=new, model=Goal, data={"statement": "A new aim"}, user=user)
    risk = Risk.objects.filter(plan=new).first()
    item_delete(instance=risk, expected_version=risk.version, user=user)

    new = Plan.objects.get(pk=new.pk)  # a new request: nothing cached
    tasks = compare(new, Task)
    assert tasks.marks[task.pk] == MODIFIED and tasks.marks[other.pk] == UNCHANGED
    assert compare(new, Goal).marks[goal.pk] == NEW
    removed = compare(new, Risk).removed
    assert [row["title"] for row in removed] == [risk.title]
    total = counts(new, [Task, Goal, Risk])
    assert (total[NEW], total[MODIFIED], total["removed"]) == (1, 1, 1)


def test_a_link_to_a_new_item_is_a_change_and_links_to_carried_items_are_not(previous):
    new = next_of(previous)
    user = owner_of(new)
    task, other = Task.objects.filter(plan=new, goal__isnull=False).order_by("id")[:2]
    goal = item_create(plan=new, model=Goal, data={"statement": "Another aim"}, user=user)
    item_update(instance=task, data={"goal": goal}, expected_version=task.version, user=user)
    marks = compare(Plan.objects.get(pk=new.pk), Task).marks
    # The other task still links to its carried goal: read through the origins, unchanged.
    assert marks[task.pk] == MODIFIED and marks[other.pk] == UNCHANGED


def test_the_previous_plan_changing_afterwards_does_not_change_the_comparison(previous):
    new = next_of(previous)
    old_task = Task.objects.filter(plan=previous).first()
    item_update(
        instance=old_task,
        data={"title": "Changed later"},
        expected_version=old_task.version,
        user=owner_of(previous),
    )
    assert set(compare(Plan.objects.get(pk=new.pk), Task).marks.values()) == {UNCHANGED}


def test_kpis_take_their_latest_measurement_as_baseline_only_when_ticked(previous):
    kpis = [k for k in KPI.objects.filter(plan=previous) if k.measurements.exists()]
    assert len(kpis) >= 2
    for kpi in kpis:  # no target that the new baseline would pass
        KPI.objects.filter(pk=kpi.pk).update(target_date=None)
    ticked, left = kpis[0], kpis[1]
    latest = ticked.measurements.order_by("-date").first()
    new = next_of(previous, baselines={ticked.pk})

    carried = {k.name: k for k in KPI.objects.filter(plan=new)}
    assert carried[ticked.name].baseline_value == latest.value
    assert carried[ticked.name].baseline_date == latest.date
    left.refresh_from_db()
    assert carried[left.name].baseline_value == left.baseline_value
    marks = compare(new, KPI).marks
    assert marks[carried[ticked.name].pk] == MODIFIED
    assert marks[carried[left.name].pk] == UNCHANGED


def test_a_new_baseline_past_a_kpi_s_target_is_refused_and_nothing_is_written(previous):
    kpi = next(k for k in KPI.objects.filter(plan=previous) if k.measurements.exists())
    latest = kpi.measurements.order_by("-date").first()
    KPI.objects.filter(pk=kpi.pk).update(
        target_date=latest.date, baseline_date=None, baseline_value=Decimal("1")
    )
    plans = Plan.objects.count()
    with pytest.raises(PlanFileRejected) as refused:
        next_of(previous, baselines={kpi.pk})
    assert any("target date" in str(p).lower() for p in refused.value.errors)
    assert Plan.objects.count() == plans and not Cycle.objects.exists()


def test_the_team_comes_along_only_when_asked(previous):
    team = set(previous.memberships.values_list("user_id", "role"))
    assert len(team) > 1
    assert set(next_of(previous, members=True).memberships.values_list("user_id", "role")) == team
    alone = next_of(previous)
    assert list(alone.memberships.values_list("user_id", flat=True)) == [owner_of(previous).pk]


def test_carried_lessons_are_to_review_until_edited_or_marked_reviewed(previous, client_for):
    new = next_of(previous)
    lessons = list(Lesson.objects.filter(plan=new).order_by("position", "id"))
    assert len(lessons) >= 2 and compare(new, Lesson).to_review == {ln.pk for ln in lessons}
    client = client_for(owner_of(new))
    page = reverse("monitoring:page", kwargs={"plan": new.uuid})
    assert client.get(page).content.decode().count("From the previous cycle: to review") == len(
        lessons
    )
    url = reverse("transfer:item_reviewed", kwargs={"plan": new.uuid})
    response = client.post(url, {"item": f"monitoring.lesson-{lessons[0].pk}"})
    assert response.status_code == 302
    edited = lessons[1]
    item_update(
        instance=edited,
        data={"recommendation": "Start earlier."},
        expected_version=edited.version,
        user=owner_of(new),
    )
    left = compare(Plan.objects.get(pk=new.pk), Lesson).to_review
    assert left == {ln.pk for ln in lessons[2:]}
    # Only a lesson of this plan can be marked; a task is not carried for review.
    other = Lesson.objects.filter(plan=previous).first()
    assert client.post(url, {"item": f"monitoring.lesson-{other.pk}"}).status_code == 404
    task = Task.objects.filter(plan=new).first()
    assert client.post(url, {"item": f"actions.task-{task.pk}"}).status_code == 404
    assert client.post(url, {}).status_code == 400


def test_section_pages_show_the_marks_and_filter_by_them(previous, client_for):
    new = next_of(previous)
    user = owner_of(new)
    task = Task.objects.filter(plan=new).first()
    item_update(
        instance=task, data={"title": "Paint it again"}, expected_version=task.version, user=user
    )
    page = reverse("actions:page", kwargs={"plan": new.uuid})
    client = client_for(user)
    html = client.get(page).content.decode()
    assert "Modified since the previous cycle" in html
    assert 'name="tasks-cycle"' in html
    only = client.get(
        page,
        {"tasks-cycle": "modified"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="coll-actions-tasks",
    ).content.decode()
    assert "Paint it again" in only and only.count('class="list-group-item inline-row"') == 1
    # A list that declares no filter of its own offers it too (lessons learned).
    lessons = client.get(reverse("monitoring:page", kwargs={"plan": new.uuid})).content.decode()
    assert 'name="lessons-cycle"' in lessons
    # A plan that is no next cycle has no such filter and no marks.
    old = client_for(owner_of(previous)).get(
        reverse("actions:page", kwargs={"plan": previous.uuid})
    )
    assert 'name="tasks-cycle"' not in old.content.decode()


def test_a_next_cycle_s_list_costs_the_same_queries_however_many_items(previous, client_for):
    new = next_of(previous)
    user = owner_of(new)
    client = client_for(user)
    page = reverse("actions:page", kwargs={"plan": new.uuid})
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "coll-actions-tasks"}
    client.get(page, **headers)
    with CaptureQueriesContext(connection) as few:
        client.get(page, **headers)
    for n in range(15):
        item_create(plan=new, model=Task, data={"title": f"Extra {n}"}, user=user)
    with CaptureQueriesContext(connection) as many:
        client.get(page, **headers)
    assert len(many) == len(few)


def test_the_overview_and_the_cycle_page_count_changes_and_list_what_was_dropped(
    previous, client_for
):
    new = next_of(previous, members=True)
    user = owner_of(new)
    risk = Risk.objects.filter(plan=new).first()
    item_delete(instance=risk, expected_version=risk.version, user=user)
    client = client_for(user)
    overview = client.get(reverse("plans:overview", kwargs={"plan": new.uuid})).content.decode()
    from risks.models import ContingencyPlan

    dropped = counts(new, [Risk, ContingencyPlan])["removed"]  # the risk and its contingency
    assert dropped >= 1 and f"{dropped} removed" in overview
    assert reverse("transfer:cycle", kwargs={"plan": new.uuid}) in overview
    cycle = client.get(reverse("transfer:cycle", kwargs={"plan": new.uuid})).content.decode()
    assert risk.title in cycle and previous.title in cycle


def test_a_member_of_the_new_plan_only_learns_the_previous_plan_if_a_member_there(
    previous, client_for
):
    from tests.plans.factories import MembershipFactory

    new = next_of(previous)
    newcomer = MembershipFactory(plan=new, role=Role.VIEWER).user
    page = client_for(newcomer).get(reverse("transfer:cycle", kwargs={"plan": new.uuid}))
    assert page.status_code == 200
    html = page.content.decode()
    assert previous.title not in html and str(previous.uuid) not in html


def test_starting_the_next_cycle_from_the_page(previous, client_for):
    planner = previous.memberships.filter(role=Role.PLANNER).first().user
    client = client_for(planner)
    url = reverse("transfer:next_cycle", kwargs={"plan": previous.uuid})
    form = client.get(url)
    assert form.status_code == 200 and "latest measurement" in form.content.decode()
    response = client.post(url, {"title": "Safe routes 2027-2028", "members": "on"})
    assert response.status_code == 302
    new = Plan.objects.get(title="Safe routes 2027-2028")
    assert new.previous_cycle == previous
    assert Membership.objects.get(plan=new, user=planner).role == Role.OWNER
    empty = client.post(url, {"title": ""})
    assert empty.status_code == 400
