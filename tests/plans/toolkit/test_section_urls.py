"""section_urls: a section's page, its other pages, its singletons' and lists' URLs, once."""

from plans.sections.collection import InlineCollection
from plans.sections.page import section_page, section_urls
from plans.sections.singleton import InlineSingleton
from resources.models import Allocation, BudgetLine, ResourcesSettings


def chart(request, access):
    return None


def routes(patterns):
    return [(str(p.pattern), p.name) for p in patterns]


def test_the_urls_of_a_section_are_its_page_its_routes_its_singletons_and_its_lists():
    lines = InlineCollection(name="lines", model=BudgetLine, form_class=object, section_key="b")
    settings = InlineSingleton(
        name="settings", model=ResourcesSettings, form_class=object, section_key="b", template=""
    )
    shares = InlineCollection(name="shares", model=Allocation, form_class=object, section_key="b")
    page = section_page("b", "b/page.html", collections=[lines], singletons=[settings])

    got = routes(section_urls(page, ("chart/", chart, "chart"), lists=[shares]))

    assert got[:3] == [
        ("plans/<uuid:plan>/b/", "page"),
        ("plans/<uuid:plan>/b/chart/", "chart"),
        ("plans/<uuid:plan>/b/settings/", "settings_edit"),
    ]
    assert got[3:] == routes(lines.urls()) + routes(shares.urls())
    assert ("plans/<uuid:plan>/b/lines/<int:pk>/edit/", "lines_edit") in got
    assert ("plans/<uuid:plan>/b/shares/add/", "shares_add") in got


def test_a_section_without_lists_has_its_page_only():
    page = section_page("b", "b/page.html")
    assert routes(section_urls(page)) == [("plans/<uuid:plan>/b/", "page")]
