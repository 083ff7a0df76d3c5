"""The demo is "one complete plan": every registered section reports complete for it."""

import pytest
from django.core.management import call_command

from plans.models import Plan
from plans.sections import registry
from plans.selectors import section_summaries


@pytest.mark.django_db
def test_every_section_of_the_demo_plan_is_complete():
    call_command("seed_demo", "--quiet")
    plan = Plan.objects.get(title__startswith="Safer routes")
    summaries = section_summaries(plan=plan)  # what the overview shows
    assert [s["section"].key for s in summaries] == registry.keys()
    incomplete = {
        s["section"].key: [str(m) for m in s["completeness"].missing]
        for s in summaries
        if not s["completeness"].is_complete
    }
    assert incomplete == {}
