import pytest
from django.urls import reverse

from actions.models import RaciAssignment
from actions.selectors import raci_state
from plans.models import Role
from tests.actions.factories import RaciAssignmentFactory, TaskFactory
from tests.resources.factories import TeamMemberFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def grid(plan):
    task = TaskFactory(plan=plan, title="Road works")
    a, b, c = (TeamMemberFactory(plan=plan, name=n) for n in ("Ana", "Ben", "Chloé"))
    return task, a, b, c


def row_url(plan, task):
    return reverse("actions:raci_row", kwargs={"plan": plan.uuid, "pk": task.pk})


def post_row(client, plan, task, parts, state=None):
    data = {f"raci-{task.pk}-{member.pk}": role for member, role in parts.items()}
    data[f"state-{task.pk}"] = state if state is not None else raci_state([])
    return client.post(row_url(plan, task), data, **HTMX)


def test_a_planner_saves_a_raci_row(client_for, people, plan, grid):
    task, a, b, c = grid
    response = post_row(client_for(people[Role.PLANNER]), plan, task, {a: "A", b: "R", c: "I"})
    assert response.status_code == 200
    assert "Saved." in response.content.decode()
    parts = dict(RaciAssignment.objects.filter(task=task).values_list("member__name", "role"))
    assert parts == {"Ana": "A", "Ben": "R", "Chloé": "I"}


def test_two_accountables_are_refused_with_a_clear_message(client_for, people, plan, grid):
    task, a, b, c = grid
    response = post_row(client_for(people[Role.PLANNER]), plan, task, {a: "A", b: "A", c: "R"})
    content = response.content.decode()
    assert "Only one person can be Accountable (A) for a task; 2 are marked." in content
    assert not RaciAssignment.objects.exists()


def test_a_row_without_a_responsible_is_refused(client_for, people, plan, grid):
    task, a, b, c = grid
    response = post_row(client_for(people[Role.PLANNER]), plan, task, {a: "A", b: "C"})
    assert "Mark at least one person as Responsible (R) for this task." in (
        response.content.decode()
    )
    assert not RaciAssignment.objects.exists()


def test_a_row_without_an_accountable_is_refused(client_for, people, plan, grid):
    task, a, b, c = grid
    response = post_row(client_for(people[Role.PLANNER]), plan, task, {a: "R"})
    assert "Mark exactly one person as Accountable (A) for this task." in (
        response.content.decode()
    )


def test_the_accountable_can_move_from_one_person_to_another(client_for, people, plan, grid):
    task, a, b, c = grid
    first = RaciAssignmentFactory(plan=plan, task=task, member=a, role="A")
    second = RaciAssignmentFactory(plan=plan, task=task, member=b, role="R")
    state = raci_state([first, second])
    response = post_row(client_for(people[Role.PLANNER]), plan, task, {a: "R", b: "A"}, state=state)
    assert response.status_code == 200
    parts = dict(RaciAssignment.objects.filter(task=task).values_list("member__name", "role"))
    assert parts == {"Ana": "R", "Ben": "A"}


def test_a_row_changed_meanwhile_is_refused_as_a_conflict(client_for, people, plan, grid):
    task, a, b, c = grid
    stale = raci_state([])
    RaciAssignmentFactory(plan=plan, task=task, member=c, role="A")
    response = post_row(client_for(people[Role.PLANNER]), plan, task, {a: "A", b: "R"}, state=stale)
    assert "Someone else changed this row meanwhile" in response.content.decode()
    assert list(RaciAssignment.objects.values_list("member__name", flat=True)) == ["Chloé"]


def test_without_htmx_the_row_saves_and_returns_to_the_grid(client_for, people, plan, grid):
    task, a, b, c = grid
    data = {f"raci-{task.pk}-{a.pk}": "A", f"raci-{task.pk}-{b.pk}": "R"}
    data[f"state-{task.pk}"] = raci_state([])
    response = client_for(people[Role.PLANNER]).post(row_url(plan, task), data)
    assert response.status_code == 302
    assert RaciAssignment.objects.filter(task=task).count() == 2


def test_the_grid_shows_every_member_as_a_column(client_for, people, plan, grid):
    task, a, b, c = grid
    RaciAssignmentFactory(plan=plan, task=task, member=a, role="A")
    response = client_for(people[Role.VIEWER]).get(
        reverse("actions:raci", kwargs={"plan": plan.uuid})
    )
    content = response.content.decode()
    assert "Ana" in content and "Ben" in content and "Chloé" in content
    assert "needs an R" in content
    assert "raci-select" not in content  # a viewer reads, does not edit


def _raci_listing(html):
    """The document's RACI listing: ``{task: [R, A, C, I]}`` as printed, one cell per part."""
    import re

    section = html[html.index(">Who does what (RACI)</h3>") :]
    body = section[section.index("<tbody>") : section.index("</tbody>")]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)
        ]
        rows[cells[0]] = cells[1:]
    return rows


def test_the_document_lists_who_plays_each_part_of_each_task(plan, grid):
    from documents.rendering import document_html
    from plans.versions import version_publish

    task, a, b, c = grid
    other = TaskFactory(plan=plan, title="Signage")
    TaskFactory(plan=plan, title="Nobody assigned")
    for on, member, role in ((task, c, "R"), (task, a, "A"), (task, b, "R"), (other, c, "I")):
        RaciAssignmentFactory(plan=plan, task=on, member=member, role=role)
    version = version_publish(plan=plan, user=plan.created_by, allow_unchanged=True)
    listing = _raci_listing(document_html(version))
    # Per task, the names of each part in the team's order; a part nobody plays is a dash.
    assert listing == {
        "Road works": ["Ben, Chloé", "Ana", "—", "—"],
        "Signage": ["—", "—", "—", "Chloé"],
    }


def test_a_version_published_before_raci_assignments_prints_its_raci_by_name(plan, grid):
    from documents.rendering import document_html
    from plans.versions import version_publish

    task, a, b, c = grid
    RaciAssignmentFactory(plan=plan, task=task, member=a, role="A")
    version = version_publish(plan=plan, user=plan.created_by, allow_unchanged=True)
    # The shape of those versions (in memory: a published version cannot change): ``raci``,
    # {member id: letter}, and no assignments.
    for t in version.snapshot["sections"]["actions"]["tasks"]:
        del t["raci_assignments"]
        t["raci"] = {str(a.pk): "A", str(b.pk): "C"}
    assert _raci_listing(document_html(version)) == {"Road works": ["—", "Ana", "Ben", "—"]}
