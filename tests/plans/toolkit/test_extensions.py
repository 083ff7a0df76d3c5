"""The extension protocol: one object per app, registered once, called where plans documents."""

import pytest

from plans.models import PlanStatus
from plans.sections import registry
from plans.sections.extensions import Extensions, PlanExtension, extensions
from plans.versions import plan_snapshot
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db


class Recorder(PlanExtension):
    name = "recorder"

    def __init__(self):
        self.calls = []

    def reason_required(self, plan, section_key):
        return section_key == "risks"

    def snapshot(self, plan):
        return {"recorded": plan.title}

    def section_context(self, request, access, section):
        return {"section_panels": ["a.html"], "flag": 1}

    def section_badges(self, plan, summaries):
        self.calls.append(len(summaries))


def test_the_collaboration_apps_documents_and_transfer_are_registered_once_each():
    names = ["approvals", "discussions", "history", "documents", "transfer"]
    assert [e.name for e in extensions] == names
    with pytest.raises(ValueError):
        extensions.register(type("Again", (PlanExtension,), {"name": "approvals"})())


def test_only_a_plan_extension_can_be_registered():
    with pytest.raises(TypeError):
        Extensions().register(object())


def test_the_defaults_are_neutral_and_answers_are_combined():
    registry = Extensions()
    registry.register(type("Quiet", (PlanExtension,), {"name": "quiet"})())
    assert registry.transition_error(None, PlanStatus.APPROVED) is None
    assert registry.reason_required(None, "risks") is False
    registry.register(Recorder())
    assert registry.reason_required(None, "risks") is True
    assert registry.reason_required(None, "goals") is False
    context = registry.section_context(None, None, None)
    assert context == {"flag": 1, "section_panels": ["a.html"]}


def test_an_extension_adds_to_every_snapshot_and_to_the_overview():
    recorder = extensions.register(Recorder())
    try:
        plan = PlanFactory(title="Safer routes")
        assert plan_snapshot(plan)["recorded"] == "Safer routes"
        assert "approvals" in plan_snapshot(plan)  # reviews' own
        from plans.selectors import section_summaries

        section_summaries(plan=plan)
        assert recorder.calls == [len(registry)]
    finally:
        extensions.unregister("recorder")
