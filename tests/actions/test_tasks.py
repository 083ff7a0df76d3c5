import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from actions.charts import gantt_svg
from actions.models import Milestone, Task
from actions.section import completeness
from actions.selectors import snapshot
from plans.models import Role
from tests.actions.factories import MilestoneFactory, RaciAssignmentFactory, TaskFactory
from tests.objectives.factories import GoalFactory
from tests.resources.factories import BudgetLineFactory, TeamMemberFactory
from tests.strategy.factories import MethodFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def add_url(plan):
    return reverse("actions:tasks_add", kwargs={"plan": plan.uuid})


def edit_url(plan, task):
    return reverse("actions:tasks_edit", kwargs={"plan": plan.uuid, "pk": task.pk})


def task_data(**changes):
    data = {
        "title": "Road works",
        "start_date": "2026-04-01",
        "due_date": "2026-05-15",
        "status": "not_started",
        "priority": "2",
        "progress": "0",
    }
    data.update(changes)
    return data


def test_a_planner_adds_a_task_with_a_responsible_member(client_for, people, plan):
    member = TeamMemberFactory(plan=plan)
    response = client_for(people[Role.PLANNER]).post(
        add_url(plan), task_data(responsible=member.pk), **HTMX
    )
    assert response.status_code == 200
    task = Task.objects.get(plan=plan)
    assert task.responsible == member
    assert task.history.get().history_user == people[Role.PLANNER]


def test_a_due_date_before_the_start_is_refused(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(
        add_url(plan), task_data(start_date="2026-05-01", due_date="2026-04-01")
    )
    assert response.status_code == 400
    assert "The due date cannot come before the start date." in response.content.decode()
    assert not Task.objects.exists()


def test_dates_outside_the_plan_are_refused(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(
        add_url(plan), task_data(due_date="2031-01-01")
    )
    assert response.status_code == 400
    assert "The date must fall within the plan&#x27;s dates." in response.content.decode()
    assert not Task.objects.exists()


def test_a_task_cannot_start_before_what_it_depends_on_ends(client_for, people, plan):
    design = TaskFactory(plan=plan, title="Design", due_date=datetime.date(2026, 4, 30))
    response = client_for(people[Role.PLANNER]).post(
        add_url(plan), task_data(start_date="2026-04-10", depends_on=[design.pk])
    )
    assert response.status_code == 400
    assert "This task cannot start before “Design” ends" in response.content.decode()
    assert Task.objects.filter(plan=plan).count() == 1


def test_a_dependency_cycle_is_refused_with_the_loop_named(client_for, people, plan):
    a = TaskFactory(plan=plan, title="Survey")
    b = TaskFactory(plan=plan, title="Design")
    c = TaskFactory(plan=plan, title="Works")
    b.depends_on.add(a)
    c.depends_on.add(b)
    data = task_data(
        title="Survey", start_date="2026-03-01", due_date="2026-03-31", depends_on=[c.pk]
    )
    response = client_for(people[Role.PLANNER]).post(
        edit_url(plan, a), {**data, "version": a.version}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "These dependencies would make a loop" in content
    assert "“Survey” → “Works” → “Design” → “Survey”" in content
    assert list(a.depends_on.all()) == []
    a.refresh_from_db()
    assert a.version == 1  # nothing saved


def test_moving_a_due_date_past_a_dependents_start_is_refused(client_for, people, plan):
    design = TaskFactory(plan=plan, title="Design", due_date=datetime.date(2026, 3, 31))
    works = TaskFactory(
        plan=plan,
        title="Works",
        start_date=datetime.date(2026, 4, 1),
        due_date=datetime.date(2026, 5, 1),
    )
    works.depends_on.add(design)
    response = client_for(people[Role.PLANNER]).post(
        edit_url(plan, design),
        {**task_data(title="Design", start_date="2026-03-01", due_date="2026-04-20"), "version": 1},
    )
    assert response.status_code == 400
    assert "“Works” waits for this task" in response.content.decode()
    design.refresh_from_db()
    assert design.due_date == datetime.date(2026, 3, 31)


def test_progress_above_100_is_refused(client_for, people, plan):
    response = client_for(people[Role.PLANNER]).post(add_url(plan), task_data(progress="120"))
    assert response.status_code == 400
    assert "Progress is a percentage between 0 and 100." in response.content.decode()


def test_a_team_member_of_another_plan_cannot_be_responsible(client_for, people, plan):
    foreign = TeamMemberFactory()
    response = client_for(people[Role.PLANNER]).post(
        add_url(plan), task_data(responsible=foreign.pk)
    )
    assert response.status_code == 400
    assert not Task.objects.exists()


def test_a_milestone_outside_the_plan_is_refused(client_for, people, plan):
    url = reverse("actions:milestones_add", kwargs={"plan": plan.uuid})
    response = client_for(people[Role.PLANNER]).post(url, {"title": "Launch", "date": "2035-01-01"})
    assert response.status_code == 400
    assert not Milestone.objects.exists()


def test_the_page_filters_late_tasks_and_shows_funding(client_for, people, plan):
    early = {"start_date": datetime.date(2026, 1, 5), "due_date": datetime.date(2026, 1, 20)}
    late = TaskFactory(plan=plan, title="Overdue survey", **early)
    TaskFactory(plan=plan, title="Done long ago", status="done", **early)
    late.budget_lines.add(BudgetLineFactory(plan=plan, description="Survey contract"))
    url = reverse("actions:page", kwargs={"plan": plan.uuid})
    c = client_for(people[Role.VIEWER])
    content = c.get(url).content.decode()
    assert "Funded by:" in content and "Survey contract" in content
    filtered = c.get(url, {"tasks-late": "1"}, HTTP_HX_TARGET="coll-actions-tasks", **HTMX)
    text = filtered.content.decode()
    assert "Overdue survey" in text and "Done long ago" not in text


def test_the_gantt_draws_bars_dependencies_milestones_late_tasks_and_today():
    tasks = [
        {
            "id": 1,
            "title": "Design",
            "start_date": "2026-01-01",
            "due_date": "2026-01-31",
            "status": "in_progress",
            "progress": 50,
            "depends_on": [],
        },
        {
            "id": 2,
            "title": "Works",
            "start_date": "2026-02-01",
            "due_date": "2026-03-31",
            "status": "not_started",
            "progress": 0,
            "depends_on": [1],
        },
    ]
    milestones = [{"title": "Opening", "date": "2026-04-15"}]
    svg = gantt_svg(
        tasks, milestones, start="2026-01-01", end="2026-06-30", today=datetime.date(2026, 2, 15)
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert svg.count('class="task late"') == 1  # Design is due before today and not done
    assert 'class="today"' in svg
    assert 'class="milestone"' in svg and "Opening" in svg
    assert "marker-end" in svg  # the dependency arrow


def test_the_gantt_leaves_out_the_today_line_outside_the_range():
    svg = gantt_svg([], [], start="2026-01-01", end="2026-02-01", today=datetime.date(2027, 1, 1))
    assert 'class="today"' not in svg


def test_completeness_needs_owners_dates_milestones_and_raci(plan):
    assert not completeness(plan).is_complete
    member = TeamMemberFactory(plan=plan)
    task = TaskFactory(plan=plan, responsible=member)
    MilestoneFactory(plan=plan)
    assert "Complete the RACI matrix" in completeness(plan).missing[0]
    RaciAssignmentFactory(plan=plan, task=task, member=member, role="A")
    other = TeamMemberFactory(plan=plan)
    RaciAssignmentFactory(plan=plan, task=task, member=other, role="R")
    assert completeness(plan).is_complete


def test_the_document_renders_tasks_gantt_and_raci_from_the_snapshot(plan):
    member = TeamMemberFactory(plan=plan, name="Julie")
    design = TaskFactory(plan=plan, title="Design crossings", responsible=member)
    works = TaskFactory(
        plan=plan,
        title="Road works",
        start_date=datetime.date(2026, 4, 1),
        due_date=datetime.date(2026, 5, 1),
    )
    works.depends_on.add(design)
    RaciAssignmentFactory(plan=plan, task=design, member=member, role="A")
    MilestoneFactory(plan=plan, title="Crossings open")
    data = snapshot(plan)
    html = render_to_string("actions/document.html", {"data": data})
    assert "Design crossings" in html and "Crossings open" in html
    assert "Waits for:" in html
    assert 'class="chart gantt"' in html
    # The RACI listing: Julie, accountable for the design, in the A column.
    assert "<tr><td>Design crossings</td><td>—</td><td>Julie</td><td>—</td><td>—</td></tr>" in html


def test_a_task_serves_a_goal_and_delivers_a_method_of_the_plan(client_for, people, plan):
    goal = GoalFactory(plan=plan, statement="Halve injuries near schools")
    method = MethodFactory(plan=plan, name="Walking buses")
    response = client_for(people[Role.PLANNER]).post(
        add_url(plan), task_data(goal=goal.pk, method=method.pk), **HTMX
    )
    assert response.status_code == 200
    task = Task.objects.get(plan=plan)
    assert (task.goal, task.method) == (goal, method)
    page = client_for(people[Role.VIEWER]).get(reverse("actions:page", kwargs={"plan": plan.uuid}))
    content = page.content.decode()
    assert "Serves: Halve injuries near schools." in content
    assert "Delivers: Walking buses." in content


@pytest.mark.parametrize("field", ["goal", "method"])
def test_a_goal_or_method_of_another_plan_is_refused_and_nothing_is_saved(
    client_for, people, plan, field
):
    foreign = GoalFactory() if field == "goal" else MethodFactory()
    assert foreign.plan_id != plan.pk
    c = client_for(people[Role.PLANNER])
    response = c.post(add_url(plan), task_data(**{field: foreign.pk}))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()  # shown on the field
    assert not Task.objects.filter(plan=plan).exists()
    # With htmx the form comes back in place of the add form, with the same error.
    response = c.post(add_url(plan), task_data(**{field: foreign.pk}), **HTMX)
    assert response["HX-Retarget"] == "#coll-actions-tasks-form"
    assert "Select a valid choice" in response.content.decode()
    assert not Task.objects.filter(plan=plan).exists()
    # Editing an existing task to point at the other plan's item is refused the same way.
    task = TaskFactory(plan=plan, title="Road works")
    response = c.post(edit_url(plan, task), task_data(version=task.version, **{field: foreign.pk}))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    task.refresh_from_db()
    assert getattr(task, f"{field}_id") is None and task.version == 1


def test_the_actions_page_draws_the_gantt_chart(client_for, people, plan):
    TaskFactory(plan=plan, title="Raised crossings on Canal Street")
    MilestoneFactory(plan=plan, title="Works finished")
    content = (
        client_for(people[Role.VIEWER])
        .get(reverse("actions:page", kwargs={"plan": plan.uuid}))
        .content.decode()
    )
    start = content.index('<svg xmlns="http://www.w3.org/2000/svg" class="chart gantt"')
    svg = content[start : content.index("</svg>", start)]
    assert 'class="task' in svg and "Raised crossings on Canal Street" in svg
    assert 'class="milestone"' in svg and "Works finished" in svg


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("goal", "Choose for “goal it serves” an item of this plan."),
        ("method", "Choose for “method it delivers” an item of this plan."),
    ],
)
def test_the_service_refuses_a_goal_or_method_of_another_plan(people, plan, field, message):
    from django.core.exceptions import ValidationError

    from actions import services

    foreign = GoalFactory() if field == "goal" else MethodFactory()
    data = {"title": "Road works", field: foreign}
    with pytest.raises(ValidationError) as raised:
        services.task_create(plan=plan, data=data, user=people[Role.PLANNER])
    assert raised.value.message_dict[field] == [message]
    assert not Task.objects.filter(plan=plan).exists()


def test_the_task_list_is_searched_and_filtered_by_status_and_responsible(client_for, people, plan):
    julie = TeamMemberFactory(plan=plan, name="Julie Moreau")
    samir = TeamMemberFactory(plan=plan, name="Samir Haddad")
    TaskFactory(plan=plan, title="Raised crossings", description="Canal Street", responsible=julie)
    TaskFactory(plan=plan, title="Walking-bus launch", status="in_progress", responsible=samir)
    TaskFactory(plan=plan, title="Speed survey", status="in_progress", responsible=julie)
    url = reverse("actions:page", kwargs={"plan": plan.uuid})
    c = client_for(people[Role.VIEWER])

    def tasks(params):
        return c.get(url, params, HTTP_HX_TARGET="coll-actions-tasks", **HTMX).content.decode()

    searched = tasks({"tasks-q": "canal street"})  # the description
    assert "Raised crossings" in searched
    assert "Walking-bus launch" not in searched and "Speed survey" not in searched
    by_name = tasks({"tasks-q": "haddad"})  # the responsible person's name
    assert "Walking-bus launch" in by_name and "Raised crossings" not in by_name
    in_progress = tasks({"tasks-status": "in_progress"})
    assert "Walking-bus launch" in in_progress and "Speed survey" in in_progress
    assert "Raised crossings" not in in_progress
    julies = tasks({"tasks-responsible": str(julie.pk)})
    assert "Raised crossings" in julies and "Speed survey" in julies
    assert "Walking-bus launch" not in julies
    combined = tasks({"tasks-responsible": str(julie.pk), "tasks-status": "in_progress"})
    assert "Speed survey" in combined and "Raised crossings" not in combined
    # An unknown status is ignored rather than emptying the list.
    assert "Raised crossings" in tasks({"tasks-status": "bogus"})
    # The full page keeps the chosen filters in the form.
    full = c.get(
        url, {"tasks-q": "canal", "tasks-status": "in_progress", "tasks-responsible": julie.pk}
    )
    content = full.content.decode()
    assert 'value="canal"' in content
    assert '<option value="in_progress" selected>' in content
    assert f'<option value="{julie.pk}" selected>' in content


def test_a_task_for_a_period_led_by_an_outside_body_is_kept_as_written(client_for, people, plan):
    """Real plans give an action for "2023-2024" (or a school year) and name an agency."""
    plan.start_date, plan.end_date = datetime.date(2023, 1, 1), datetime.date(2026, 12, 31)
    plan.save()
    url = reverse("actions:tasks_add", kwargs={"plan": plan.uuid})
    data = {
        "title": "Former les enseignants",
        "responsible_other": "Rectorat",
        "period": "année scolaire 2024-2025",
        "status": "not_started",
        "priority": "2",
    }
    assert client_for(people[Role.PLANNER]).post(url, data).status_code == 302
    task = Task.objects.get(plan=plan)
    assert (task.start_date, task.due_date) == (
        datetime.date(2024, 9, 1),
        datetime.date(2025, 8, 31),
    )
    assert task.responsible_other == "Rectorat" and task.progress is None
    html = render_to_string("actions/document.html", {"data": snapshot(plan)})
    assert "année scolaire 2024-2025" in html and "Rectorat" in html
    assert "Say who is responsible for every task." not in completeness(plan).missing
