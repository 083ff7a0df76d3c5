import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import Role
from resources.models import Allocation, TeamMember
from resources.selectors import allocation_grid, over_allocated_count
from tests.accounts.factories import UserFactory
from tests.resources.factories import AllocationFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def member_data(**changes):
    data = {"name": "Inès Garnier", "role": "Liaison", "availability": "0.6", "skills": "a, b"}
    data.update(changes)
    return data


def test_a_team_member_is_linked_to_an_account_of_the_plan(client_for, people, plan):
    url = reverse("resources:members_add", kwargs={"plan": plan.uuid})
    user = people[Role.STAKEHOLDER]
    response = client_for(people[Role.PLANNER]).post(url, member_data(user=user.pk))
    assert response.status_code == 302
    member = TeamMember.objects.get(plan=plan)
    assert member.user == user
    assert member.skill_list == ["a", "b"]


def test_an_account_outside_the_plan_cannot_be_linked(client_for, people, plan):
    url = reverse("resources:members_add", kwargs={"plan": plan.uuid})
    stranger = UserFactory()
    response = client_for(people[Role.PLANNER]).post(url, member_data(user=stranger.pk))
    assert response.status_code == 400
    assert not TeamMember.objects.exists()
    member = TeamMember(plan=plan, name="X", user=stranger)
    with pytest.raises(Exception, match="member of this plan"):
        member.full_clean()


def test_an_availability_of_zero_or_above_full_time_is_refused(client_for, people, plan):
    url = reverse("resources:members_add", kwargs={"plan": plan.uuid})
    c = client_for(people[Role.PLANNER])
    response = c.post(url, member_data(availability="0"))
    assert response.status_code == 400
    assert "Enter at least 0.01 FTE." in response.content.decode()
    response = c.post(url, member_data(availability="1.5"))  # one person, above full time
    assert response.status_code == 400
    assert "1 person(s) can give at most 1 FTE" in response.content.decode()
    assert not TeamMember.objects.exists()


def test_a_team_line_can_be_a_group_as_needed_or_of_unknown_availability(client_for, people, plan):
    """Real plans name groups ("1 547 nurses"), people called on as needed, or give no share."""
    url = reverse("resources:members_add", kwargs={"plan": plan.uuid})
    c = client_for(people[Role.PLANNER])
    group = member_data(name="Nurses", headcount="1 547", availability="320,5")
    planner = people[Role.PLANNER]
    planner.language = "fr"
    planner.save()
    assert c.post(url, group).status_code == 302
    assert (
        c.post(url, member_data(name="Legal adviser", availability="", as_needed="on")).status_code
        == 302
    )
    assert c.post(url, member_data(name="Analyst", availability="")).status_code == 302
    both = member_data(name="Confused", availability="0,5", as_needed="on")
    assert c.post(url, both).status_code == 400
    members = {m.name: m for m in TeamMember.objects.filter(plan=plan)}
    assert (members["Nurses"].headcount, members["Nurses"].availability) == (1547, Decimal("320.5"))
    assert members["Legal adviser"].as_needed and members["Legal adviser"].availability is None
    assert members["Analyst"].availability is None and not members["Analyst"].as_needed
    page = c.get(reverse("resources:page", kwargs={"plan": plan.uuid})).content.decode()
    assert "1\u00a0547 personnes" in page or "1\u202f547 personnes" in page
    assert "selon les besoins" in page
    assert "disponibilité inconnue" in page
    # A group line given 2 FTE in a month is not over-allocated: it stands for 1 547 people.
    AllocationFactory.create_batch(
        2,
        plan=plan,
        member=members["Nurses"],
        fte=Decimal("1"),
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 1, 31),
    )
    grid = allocation_grid(plan)
    assert grid["over_people"] == 0
    assert over_allocated_count(plan) == 0


def test_an_allocation_ending_before_it_starts_is_refused(client_for, people, plan):
    member = TeamMemberFactory(plan=plan)
    url = reverse("resources:allocations_add", kwargs={"plan": plan.uuid})
    response = client_for(people[Role.PLANNER]).post(
        url,
        {
            "member": member.pk,
            "label": "Surveys",
            "start_date": "2026-05-01",
            "end_date": "2026-04-01",
            "fte": "0.5",
        },
    )
    assert response.status_code == 400
    assert "The end date cannot come before the start date." in response.content.decode()
    assert not Allocation.objects.exists()


def test_a_person_above_100_percent_in_a_month_is_flagged(plan):
    member = TeamMemberFactory(plan=plan, name="Julie")
    AllocationFactory(
        plan=plan,
        member=member,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 3, 31),
        fte=Decimal("0.6"),
    )
    AllocationFactory(
        plan=plan,
        member=member,
        start_date=datetime.date(2026, 3, 1),
        end_date=datetime.date(2026, 5, 31),
        fte=Decimal("0.5"),
    )
    grid = allocation_grid(plan)
    row = grid["rows"][0]
    by_month = {c["month"]: c for c in row["cells"]}
    assert by_month[datetime.date(2026, 2, 1)]["percent"] == 60
    assert not by_month[datetime.date(2026, 2, 1)]["over"]
    assert by_month[datetime.date(2026, 3, 1)]["percent"] == 110
    assert by_month[datetime.date(2026, 3, 1)]["over"]
    assert row["over"] and grid["over_people"] == 1
    # The completeness check counts by the same rule, without drawing the grid.
    assert over_allocated_count(plan) == 1


def test_the_allocation_page_shows_the_flag(client_for, people, plan):
    member = TeamMemberFactory(plan=plan, name="Julie")
    AllocationFactory(plan=plan, member=member, fte=Decimal("0.7"))
    AllocationFactory(plan=plan, member=member, fte=Decimal("0.7"))
    response = client_for(people[Role.VIEWER]).get(
        reverse("resources:allocation", kwargs={"plan": plan.uuid})
    )
    content = response.content.decode()
    assert "People allocated above 100 % in at least one month: 1." in content
    assert "140 %" in content


def test_the_team_can_be_searched_by_name_role_organisation_and_skills(client_for, people, plan):
    TeamMemberFactory(plan=plan, name="Julie Moreau", role="Traffic engineer", skills="speed")
    TeamMemberFactory(
        plan=plan, name="Inès Garnier", organisation="Parents' Association", skills="translation"
    )
    url = reverse("resources:page", kwargs={"plan": plan.uuid})
    c = client_for(people[Role.VIEWER])

    def team(q):
        return c.get(
            url, {"members-q": q}, HTTP_HX_TARGET="coll-resources-members", HTTP_HX_REQUEST="true"
        ).content.decode()

    for query in ("moreau", "ENGINEER", "speed"):
        found = team(query)
        assert "Julie Moreau" in found and "Inès Garnier" not in found, query
    for query in ("association", "translation"):
        found = team(query)
        assert "Inès Garnier" in found and "Julie Moreau" not in found, query
    everyone = team("")
    assert "Julie Moreau" in everyone and "Inès Garnier" in everyone
    # The team search leaves the budget alone, and the budget search leaves the team alone.
    page = c.get(url, {"members-q": "moreau", "budget-q": "no such budget line"}).content.decode()
    assert 'value="moreau"' in page and "Julie Moreau" in page and "Inès Garnier" not in page


def test_allocations_are_found_by_the_task_they_go_to_and_listed_once(client_for, people, plan):
    from tests.actions.factories import TaskFactory

    design = AllocationFactory(plan=plan, label="Crossing design")
    AllocationFactory(plan=plan, label="Coordination")
    for title in ("Design raised crossings", "Design speed cushions"):
        TaskFactory(plan=plan, title=title).allocations.add(design)
    response = client_for(people[Role.VIEWER]).get(
        reverse("resources:page", kwargs={"plan": plan.uuid}),
        {"allocations-q": "design"},
        HTTP_HX_TARGET="coll-resources-allocations",
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    assert content.count("→ Design raised crossings, Design speed cushions") == 1
    assert "Coordination" not in content
