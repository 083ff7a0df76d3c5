"""The collaboration pages cost the same number of queries for the small and the large demo plan."""

import pytest
from django.urls import reverse

from tests.integration.test_section_query_counts import count, plans  # noqa: F401 - fixture

PAGES = ["reviews:threads", "reviews:activity", "reviews:approvals", "reviews:versions"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", [*PAGES, "plans:overview"])
def test_the_page_query_count_does_not_grow_with_the_plan(plans, client_for, name):  # noqa: F811
    c = client_for(plans["owner"])
    small = count(c, reverse(name, kwargs={"plan": plans["small"].uuid}))
    large = count(c, reverse(name, kwargs={"plan": plans["large"].uuid}))
    print(f"{name}: {small} / {large} queries")
    assert small == large, f"{name}: {small} queries for the small plan, {large} for the large"
