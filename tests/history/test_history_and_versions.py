import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from history import entries as history
from objectives.models import Goal
from plans.models import PlanVersion
from plans.sections.items import item_delete, item_update
from plans.versions import version_publish
from tests.objectives.factories import GoalFactory

pytestmark = pytest.mark.django_db


def edit(goal, user, **data):
    goal.refresh_from_db()
    return item_update(instance=goal, data=data, expected_version=goal.version, user=user)


def test_publishing_a_version_from_the_page(client_for, plan, planner, goal):
    url = reverse("history:version_new", kwargs={"plan": plan.uuid})
    response = client_for(planner).post(url, {"label": "For the council", "note": "First"})
    assert response.status_code == 302
    version = PlanVersion.objects.get(plan=plan)
    assert (version.number, version.label, version.author) == (1, "For the council", planner)


def test_publishing_with_nothing_changed_gets_a_clear_message(client_for, plan, planner, goal):
    version_publish(plan=plan, user=planner)
    url = reverse("history:version_new", kwargs={"plan": plan.uuid})
    response = client_for(planner).post(url, {"label": "Again"})
    assert response.status_code == 400
    assert "Nothing has changed since version 1." in response.content.decode()
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def test_comparing_versions_highlights_additions_removals_and_changed_fields(
    client_for, plan, planner, viewer, goal
):
    doomed = GoalFactory(plan=plan, statement="Paint every crossing")
    version_publish(plan=plan, user=planner)
    edit(goal, planner, metric="Injuries reported by the police")
    item_delete(instance=doomed, expected_version=doomed.version, user=planner)
    GoalFactory(plan=plan, statement="Train crossing supervisors")
    version_publish(plan=plan, user=planner)
    url = reverse("history:compare", kwargs={"plan": plan.uuid})
    html = client_for(viewer).get(url, {"a": 1, "b": 2}).content.decode()
    assert 'class="diff-added"' in html and "Train crossing supervisors" in html
    assert 'class="diff-removed"' in html and "Paint every crossing" in html
    assert 'class="diff-changed"' in html and "Injuries reported by the police" in html
    assert "Injuries per year" in html


def test_a_version_compares_with_the_current_plan(client_for, plan, planner, viewer, goal):
    version_publish(plan=plan, user=planner)
    edit(goal, planner, unit="pupils")
    url = reverse("history:compare", kwargs={"plan": plan.uuid})
    html = client_for(viewer).get(url, {"a": 1, "b": "current"}).content.decode()
    assert "pupils" in html
    same = client_for(viewer).get(url, {"a": 1, "b": 1}).content.decode()
    assert "No differences" in same


def test_item_history_shows_field_level_diffs_and_a_revert_is_a_new_change(
    client_for, plan, planner, goal
):
    edit(goal, planner, statement="Cut injuries by a third")
    url = reverse(
        "history:item_history",
        kwargs={"plan": plan.uuid, "label": "objectives.goal", "pk": goal.pk},
    )
    html = client_for(planner).get(url).content.decode()
    assert "Halve injuries" in html and "Cut injuries by a third" in html
    first = goal.history.earliest()
    revert = reverse(
        "history:item_revert",
        kwargs={"plan": plan.uuid, "label": "objectives.goal", "pk": first.pk},
    )
    client_for(planner).post(revert)
    goal.refresh_from_db()
    assert goal.statement == "Halve injuries"
    assert goal.history.count() == 3
    assert "Reverted" in goal.history.latest().history_change_reason


def test_a_deleted_item_is_restored_from_its_sections_history(client_for, plan, planner, goal):
    item_delete(instance=goal, expected_version=goal.version, user=planner)
    url = reverse("history:activity", kwargs={"plan": plan.uuid})
    html = client_for(planner).get(url, {"section": "objectives", "kind": "-"}).content.decode()
    assert "Restore" in html
    record = Goal.history.filter(id=goal.pk, history_type="-").get()
    revert = reverse(
        "history:item_revert",
        kwargs={"plan": plan.uuid, "label": "objectives.goal", "pk": record.pk},
    )
    client_for(planner).post(revert)
    restored = Goal.objects.get(pk=goal.pk)
    assert restored.statement == "Halve injuries"
    assert Goal.history.filter(id=goal.pk).count() == 3


def test_the_activity_feed_filters_by_person_section_and_kind(
    client_for, plan, planner, owner, viewer
):
    mine = GoalFactory(plan=plan, statement="Goal by the planner")
    edit(mine, planner, statement="Goal by the planner, edited")
    theirs = GoalFactory(plan=plan, statement="Goal by the owner")
    # A value no random token of the page can hold by chance (a CSRF token once held "km").
    edit(theirs, owner, unit="kilometres-walked")
    url = reverse("history:activity", kwargs={"plan": plan.uuid})
    c = client_for(viewer)
    by_planner = c.get(url, {"user": planner.pk}).content.decode()
    assert "Goal by the planner, edited" in by_planner
    assert "kilometres-walked" not in by_planner
    edits = c.get(url, {"kind": "~", "section": "objectives"}).content.decode()
    assert "kilometres-walked" in edits
    entries, _more = history.activity(plan=plan, kind="~")
    assert {e.user for e in entries} == {planner, owner}


def test_the_activity_feed_is_paginated_and_its_query_count_does_not_grow(
    client_for, plan, planner, viewer
):
    goals = [GoalFactory(plan=plan) for _ in range(3)]
    url = reverse("history:activity", kwargs={"plan": plan.uuid})
    c = client_for(viewer)
    for g in goals:
        edit(g, planner, unit="a")
    with CaptureQueriesContext(connection) as few:
        c.get(url)
    for _ in range(40):
        g = GoalFactory(plan=plan)
        edit(g, planner, unit="b")
    with CaptureQueriesContext(connection) as many:
        response = c.get(url)
    assert len(few.captured_queries) == len(many.captured_queries)
    assert "page=2" in response.content.decode()
    entries, has_next = history.activity(plan=plan, page=2, per_page=25)
    assert len(entries) == 25 and has_next


def test_opening_a_version_loads_no_snapshot(client_for, plan, planner, goal):
    """A version page only redirects to the comparison: the snapshots (megabytes of JSON on a
    large plan) are read by the comparison, not by the redirect."""
    first = version_publish(plan=plan, user=planner, label="v1")
    item_update(instance=goal, data={"unit": "pupils"}, expected_version=1, user=planner)
    second = version_publish(plan=plan, user=planner, label="v2")
    url = reverse("history:version_detail", kwargs={"plan": plan.uuid, "pk": second.pk})
    client = client_for(planner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?a={first.number}&b={second.number}")
    versions = [q["sql"] for q in queries if "plans_planversion" in q["sql"]]
    assert versions and not any('"snapshot"' in sql for sql in versions), versions
