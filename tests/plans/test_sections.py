import pytest
from django.urls import reverse

from plans.sections import Completeness, Section, SectionRegistry, registry


def make(key, order):
    return Section(
        key=key,
        title=key.title(),
        order=order,
        guidance="",
        url_name="plans:overview",
        snapshot=lambda plan: {"key": key},
        completeness=lambda plan: Completeness(done=1, total=2, missing=("a goal",)),
        document_template="",
    )


def test_sections_come_back_in_guide_order():
    reg = SectionRegistry()
    reg.register(make("risks", 60))
    reg.register(make("objectives", 20))
    assert reg.keys() == ["objectives", "risks"]


def test_a_key_cannot_be_registered_twice():
    reg = SectionRegistry()
    reg.register(make("risks", 60))
    with pytest.raises(ValueError, match="already registered"):
        reg.register(make("risks", 61))


def test_the_snapshot_gathers_every_section():
    reg = SectionRegistry()
    reg.register(make("a", 1))
    reg.register(make("b", 2))
    assert reg.snapshot(plan=None) == {"a": {"key": "a"}, "b": {"key": "b"}}


def test_completeness_reports_progress():
    c = Completeness(done=1, total=4, missing=("x",))
    assert (c.percent, c.is_complete) == (25, False)
    assert Completeness(done=2, total=2).is_complete


@pytest.mark.django_db
def test_the_overview_lists_registered_sections(client_for, people, plan):
    registry.register(make("zz_test_section", 999))
    try:
        content = (
            client_for(people["viewer"])
            .get(reverse("plans:overview", kwargs={"plan": plan.uuid}))
            .content.decode()
        )
    finally:
        registry.unregister("zz_test_section")
    assert "Zz_Test_Section" in content
    assert "a goal" in content


@pytest.mark.django_db
def test_list_filters_search_across_fields_and_match_exact_values(rf):
    from plans.models import Plan
    from plans.selectors import filter_by_request
    from tests.plans.factories import PlanFactory

    PlanFactory(title="Flood response", organisation="Civil protection", sector="emergency")
    PlanFactory(title="School meals", organisation="Flood-free kitchens", sector="education")
    PlanFactory(title="Parks", organisation="City", sector="urban")
    qs = Plan.objects.order_by("title")

    def titles(**params):
        found = filter_by_request(
            qs, rf.get("/", params), search=("title", "organisation"), exact=("sector",)
        )
        return [p.title for p in found]

    assert titles(q="flood") == ["Flood response", "School meals"]
    assert titles(q="flood", sector="education") == ["School meals"]
    assert titles() == ["Flood response", "Parks", "School meals"]
    assert list(filter_by_request(qs, None, search=("title",))) == list(qs)
