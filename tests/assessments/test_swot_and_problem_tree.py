import pytest
from django.urls import reverse

from assessments.models import Cause, SwotItem
from plans.models import Role
from tests.assessments.factories import CauseFactory, NeedFactory, SwotItemFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(plan, name, pk=None):
    kwargs = {"plan": plan.uuid}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"assessments:{name}", kwargs=kwargs)


def test_a_swot_item_lands_in_the_quadrant_it_was_added_to_with_its_needs(client_for, people, plan):
    need = NeedFactory(plan=plan, statement="Unsafe crossings")
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "swot_threat_add"), {"text": "Ring-road works", "needs": [need.pk]}, **HTMX
    )
    assert response["HX-Retarget"] == "#coll-assessments-swot_threat"
    item = SwotItem.objects.get()
    assert item.quadrant == "threat"
    assert list(item.needs.all()) == [need]
    assert "Unsafe crossings" in response.content.decode()


def test_the_page_shows_the_four_quadrant_grid(client_for, people, plan):
    SwotItemFactory(plan=plan, quadrant="strength", text="Supportive head teachers")
    SwotItemFactory(plan=plan, quadrant="threat", text="Ring-road works")
    content = client_for(people[Role.VIEWER]).get(url(plan, "page")).content.decode()
    for quadrant in ("strength", "weakness", "opportunity", "threat"):
        assert f'id="coll-assessments-swot_{quadrant}"' in content
    strengths = content.index('id="coll-assessments-swot_strength"')
    weaknesses = content.index('id="coll-assessments-swot_weakness"')
    assert strengths < content.index("Supportive head teachers") < weaknesses


def test_a_sub_cause_takes_its_need_from_its_parent(client_for, people, plan):
    need = NeedFactory(plan=plan)
    root = CauseFactory(need=need, plan=plan, statement="No safe crossings")
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "causes_add"), {"parent": root.pk, "statement": "Crossings removed in 2012"}
    )
    assert response.status_code == 302
    child = Cause.objects.get(statement="Crossings removed in 2012")
    assert (child.need, child.parent) == (need, root)


def test_the_problem_tree_is_drawn_in_tree_order_with_depth(client_for, people, plan):
    need = NeedFactory(plan=plan, statement="Children hurt")
    root = CauseFactory(need=need, plan=plan, statement="Speeding")
    CauseFactory(need=need, plan=plan, statement="Missing crossings")
    CauseFactory(need=need, plan=plan, parent=root, statement="Shortcut to the ring road")
    content = client_for(people[Role.VIEWER]).get(url(plan, "page")).content.decode()
    assert (
        content.index(">Speeding<")
        < content.index("Shortcut to the ring road")
        < content.index("Missing crossings")
    )
    assert "cause-depth-1" in content


def test_a_cycle_in_the_problem_tree_is_refused_with_a_clear_message(client_for, people, plan):
    need = NeedFactory(plan=plan)
    top = CauseFactory(need=need, plan=plan, statement="Top")
    middle = CauseFactory(need=need, plan=plan, parent=top, statement="Middle")
    bottom = CauseFactory(need=need, plan=plan, parent=middle, statement="Bottom")
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "causes_edit", top.pk),
        {"need": need.pk, "parent": bottom.pk, "statement": "Top", "version": 1},
        **HTMX,
    )
    assert "This would make a loop" in response.content.decode()
    top.refresh_from_db()
    assert top.parent is None and top.version == 1


def test_a_sub_cause_of_another_need_is_refused(client_for, people, plan):
    first, second = NeedFactory(plan=plan), NeedFactory(plan=plan)
    parent = CauseFactory(need=first, plan=plan)
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "causes_add"), {"need": second.pk, "parent": parent.pk, "statement": "x"}
    )
    assert response.status_code == 400
    assert "same need as its parent" in response.content.decode()
    assert Cause.objects.count() == 1


def test_deleting_a_cause_removes_its_sub_causes(client_for, people, plan):
    need = NeedFactory(plan=plan)
    root = CauseFactory(need=need, plan=plan)
    CauseFactory(need=need, plan=plan, parent=root)
    client_for(people[Role.PLANNER]).post(
        url(plan, "causes_delete", root.pk), {"version": 1}, **HTMX
    )
    assert not Cause.objects.exists()


def test_an_edited_swot_item_stays_in_its_quadrant(client_for, people, plan):
    item = SwotItemFactory(plan=plan, quadrant="weakness", text="No budget")
    response = client_for(people[Role.PLANNER]).post(
        url(plan, "swot_weakness_edit", item.pk),
        {"text": "No budget line", "quadrant": "strength", "version": 1},
        **HTMX,
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.text, item.quadrant) == ("No budget line", "weakness")


def test_a_sub_cause_shown_again_after_a_cancelled_edit_keeps_its_depth(client_for, people, plan):
    need = NeedFactory(plan=plan)
    root = CauseFactory(need=need, plan=plan, statement="Speeding")
    child = CauseFactory(need=need, plan=plan, parent=root, statement="Shortcut traffic")
    row = client_for(people[Role.VIEWER]).get(url(plan, "causes_row", child.pk), **HTMX)
    assert "cause-depth-1" in row.content.decode()
