"""Two real published plans typed in through the forms: nothing refused, nothing invented, and
every item back in the PDF (read with pypdf), in the plan's language."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from documents.models import DocumentStatus
from documents.services import document_request
from plans.models import Plan
from tests.accounts.factories import UserFactory
from tests.real_plans.collections import collection
from tests.real_plans.entry import fixtures, item_url, load, post_data

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def squeeze(text):
    """Text as PDF extraction gives it back: no white space, no hyphen, one kind of quote."""
    text = re.sub(r"[\s\u00a0\u202f\u2010\u2011\u00ad-]+", "", str(text))
    return text.replace("’", "'")


def errors_of(response):
    """The messages a refused form shows (beside its fields, or above them)."""
    html = response.content.decode()
    found = re.findall(r"<strong>(.*?)</strong>", html.split("<form", 1)[-1])
    return found or [html[:500]]


def enter(client, spec):
    """Type the plan in: the new-plan form, then every item through its own form."""
    response = client.post(reverse("plans:create"), spec["plan"])
    assert response.status_code == 302, errors_of(response) or response.content.decode()[:2000]
    plan = Plan.objects.get(title=spec["plan"]["title"])
    refs, refused, invented = {}, [], []
    for number, item in enumerate(spec["items"]):
        declared = collection(item["add"])
        model = declared.model
        before = set(model.objects.filter(plan=plan).values_list("pk", flat=True))
        response = client.post(item_url(plan, item, refs), post_data(item, refs), **HTMX)
        if response.status_code != 200:
            refused.append((number, item["add"], response.status_code, errors_of(response)))
            continue
        if item.get("edit"):
            saved = model.objects.get(plan=plan)
        else:
            (saved,) = model.objects.filter(plan=plan).exclude(pk__in=before)
        if "ref" in item:
            refs[item["ref"]] = saved
        for name, value in item.get("data", {}).items():
            field = model._meta.get_field(name)
            if value in ("", []) and field.get_internal_type() != "BooleanField":
                stored = (
                    list(getattr(saved, name).all())
                    if field.many_to_many
                    else getattr(saved, field.attname)
                )
                if stored not in (None, "", []):
                    invented.append((number, item["add"], name, stored))
    return plan, refused, invented


@pytest.mark.parametrize("path", fixtures(), ids=lambda p: p.stem)
def test_a_real_plan_goes_in_through_the_forms_and_comes_out_in_the_document(
    path, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    spec = load(path)
    planner = UserFactory(language=spec["language"])
    client.force_login(planner)
    plan, refused, invented = enter(client, spec)
    assert not refused, f"legitimate content refused: {refused}"
    assert not invented, f"values stored that the plan does not give: {invented}"
    assert plan.language == spec["language"]

    with django_capture_on_commit_callbacks(execute=True):
        document, _ = document_request(plan=plan, user=planner)
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY, document.error
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = squeeze(" ".join(page.extract_text() or "" for page in reader.pages))
    expected = [p for item in spec["items"] for p in item.get("prints", [])]
    expected += spec.get("prints", [])
    assert len(expected) >= 40
    missing = [p for p in expected if squeeze(p) not in text]
    assert not missing, f"entered but not in the PDF: {missing}"
