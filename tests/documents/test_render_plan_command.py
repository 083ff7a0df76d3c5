"""``manage.py render_plan``: one version's document, rendered here and now, into a file."""

import io
import uuid

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from plans.versions import version_publish
from tests.objectives.factories import GoalFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db


def render(*args):
    out = io.StringIO()
    call_command("render_plan", *args, stdout=out)
    return out.getvalue()


def test_it_renders_the_latest_version_or_the_one_named_into_the_file(tmp_path):
    plan = PlanFactory(title="Safer crossings")
    GoalFactory(plan=plan, statement="Halve the injuries at school crossings")
    version_publish(plan=plan, user=plan.created_by, allow_unchanged=True)
    GoalFactory(plan=plan, statement="Light every crossing by winter")
    version_publish(plan=plan, user=plan.created_by, allow_unchanged=True)

    latest = render(str(plan.uuid), "-o", str(tmp_path / "latest.pdf"))
    first = render(str(plan.uuid), "--version", "1", "-o", str(tmp_path / "v1.pdf"))

    assert latest.startswith("Version 2: ") and first.startswith("Version 1: ")
    texts = {}
    for name in ("latest", "v1"):
        reader = PdfReader(tmp_path / f"{name}.pdf")
        texts[name] = " ".join(page.extract_text() for page in reader.pages)
        assert f"{len(reader.pages)} pages" in (latest if name == "latest" else first)
    assert "Safer crossings" in texts["v1"] and "Halve the injuries" in texts["v1"]
    assert "Light every crossing" in texts["latest"]
    assert "Light every crossing" not in texts["v1"]


def test_it_says_why_it_cannot_render(tmp_path):
    plan = PlanFactory()
    out = str(tmp_path / "x.pdf")
    with pytest.raises(CommandError, match="no published version"):
        render(str(plan.uuid), "-o", out)
    version_publish(plan=plan, user=plan.created_by, allow_unchanged=True)
    with pytest.raises(CommandError, match="Version 7 of this plan does not exist"):
        render(str(plan.uuid), "--version", "7", "-o", out)
    for wrong in ("not-a-uuid", str(uuid.uuid4())):
        with pytest.raises(CommandError, match="No plan has the id"):
            render(wrong, "-o", out)
    assert not (tmp_path / "x.pdf").exists()
