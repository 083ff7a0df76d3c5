"""Plan templates: each file is a valid plan file that imports through the items' services, fills
every section, says the same thing in English and French, and invents nothing the team must
decide; the page starts one as the person's own plan."""

import re

import pytest
from django.db import models
from django.urls import reverse
from django.utils import translation

from objectives.models import Goal
from plans.models import Membership, Plan, Role
from plans.sections.registry import registry
from tests.accounts.factories import UserFactory
from transfer.plan_file import file_fields, item_models, label_of, parse, plan_import
from transfer.plan_templates import (
    TemplateNotFound,
    template_data,
    template_get,
    template_list,
    template_start,
)

KEYS = [t.key for t in template_list()]
LANGUAGES = ["en", "fr"]
BOTH = [(key, language) for key in KEYS for language in LANGUAGES]
# Numbers that are the item's kind, not a value someone measured or decided: a logic-model
# element's stage (input, activity, output...). Every other number of a template stays unknown.
KIND_NUMBERS = {("strategy.logicelement", "stage")}
# Fields that name who does something, or how often: the team says it.
DECIDED_BY_THE_TEAM = re.compile(r"^(owner|responsible|communicated_by|decided_by|frequency)")


def fields_by_label():
    exported = item_models()
    return {label_of(m): (m, file_fields(m, exported)) for m in exported}


@pytest.fixture
def user(db):
    return UserFactory()


def test_there_are_three_templates_each_in_english_and_french():
    assert len(KEYS) == 3
    for template in template_list():
        assert template.languages == LANGUAGES, template.key


@pytest.mark.parametrize(("key", "language"), BOTH)
def test_each_file_passes_the_schema_and_says_its_language_and_title(key, language):
    template = template_get(key, language)
    data = parse(template.path(language).read_bytes())  # raises on a schema problem
    assert data["plan"]["language"] == language
    with translation.override(language):
        assert data["plan"]["title"] == str(template.title)  # the list shows the file's title


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "language"), BOTH)
def test_each_template_imports_with_no_problem_and_fills_every_section(key, language, user):
    plan = template_start(key, language, user=user)
    assert plan.language == language
    for section in registry.all():
        count = sum(m.objects.filter(plan=plan).count() for m in section.models)
        assert count, f"{key}.{language}: the section {section.key} is empty"
    # Every row of the file went in, each with one history entry saying where it came from.
    data = template_data(key, language)
    for model, _fields in fields_by_label().values():
        assert model.objects.filter(plan=plan).count() == len(data["items"][label_of(model)])
    goal = Goal.objects.filter(plan=plan).order_by("position").first()
    title = data["plan"]["title"]
    reasons = {e.history_change_reason for e in goal.history.all()}  # created, then linked
    assert reasons == {f"Started from the template “{title}”"}
    assert {e.history_user for e in goal.history.all()} == {user}


@pytest.mark.parametrize("key", KEYS)
def test_english_and_french_have_the_same_rows_and_links(key):
    english, french = (template_data(key, language) for language in LANGUAGES)
    assert english["items"].keys() == french["items"].keys()
    assert english["plan"]["sector"] == french["plan"]["sector"]
    for label, (_model, fields) in fields_by_label().items():
        en_rows, fr_rows = english["items"][label], french["items"][label]
        assert [r["id"] for r in en_rows] == [r["id"] for r in fr_rows], label
        # Links, choices, kinds and flags are the same; only the words differ.
        same = [f.name for f in fields if f.is_relation or f.choices or not _is_text(f)]
        for en_row, fr_row in zip(en_rows, fr_rows, strict=True):
            assert en_row.keys() == fr_row.keys(), en_row["id"]
            for name in same:
                assert en_row[name] == fr_row[name], f"{en_row['id']}: {name}"
            for name in (f.name for f in fields if _is_text(f) and not f.choices):
                # A text given in one language is given in the other.
                assert bool(en_row[name]) == bool(fr_row[name]), f"{en_row['id']}: {name}"


def _is_text(f):
    return isinstance(f, (models.CharField, models.TextField))


@pytest.mark.parametrize(("key", "language"), BOTH)
def test_a_template_holds_no_value_only_the_team_can_give(key, language):
    data = template_data(key, language)
    assert data["plan"]["start_date"] is None and data["plan"]["end_date"] is None
    assert not data["plan"]["organisation"] and not data["plan"]["geographic_area"]
    for label, (_model, fields) in fields_by_label().items():
        for row in data["items"][label]:
            where = row["id"]
            for f in fields:
                value = row.get(f.name)
                if isinstance(f, (models.DecimalField, models.IntegerField, models.FloatField)):
                    if (label, f.name) not in KIND_NUMBERS:
                        assert value is None, f"{where}: {f.name} = {value!r}"
                elif isinstance(f, (models.DateField, models.DateTimeField)):
                    assert value is None, f"{where}: {f.name} = {value!r}"
                elif DECIDED_BY_THE_TEAM.match(f.name):
                    assert value in (None, "", []), f"{where}: {f.name} = {value!r}"
                elif f.name == "status":  # where an item starts, never where it got to
                    assert value == f.default, f"{where}: {f.name} = {value!r}"
                elif _is_text(f) and not f.choices and value:
                    # No figure in the words either: a count, a share or a year is the team's.
                    assert not re.search(r"\d", value), f"{where}: {f.name} = {value!r}"
    # A template starts with no experience of its own: lessons come from the plan's life.
    assert data["items"]["monitoring.lesson"] == []


def test_an_unknown_template_or_language_is_not_found():
    with pytest.raises(TemplateNotFound):
        template_get("no-such-template", "en")
    with pytest.raises(TemplateNotFound):
        template_get(KEYS[0], "de")


@pytest.mark.django_db
def test_a_template_read_back_is_the_same_plan_file(user):
    """What the template writes is what a plan export gives back: nothing added or lost."""
    from transfer.plan_file import plan_export

    data = template_data(KEYS[0], "en")
    plan = plan_import(data, user=user).plan
    again = plan_export(plan)
    assert again["plan"] == data["plan"]
    for label, rows in data["items"].items():
        exported = again["items"][label]
        assert len(exported) == len(rows)
        for row, back in zip(rows, exported, strict=True):
            drop = {"id"}  # ids are renumbered; links are compared through them below
            assert {k: v for k, v in row.items() if k not in drop and not _link(v)} == {
                k: v for k, v in back.items() if k not in drop and not _link(v)
            }, row["id"]


def _link(value):
    values = value if isinstance(value, list) else [value]
    return any(isinstance(v, str) and re.match(r"^[a-z_]+\.[a-z_]+-\d+$", v) for v in values)


# --- the page ------------------------------------------------------------------------------

URL = "/plans/templates/"


def test_the_page_is_where_its_name_says():
    assert reverse("transfer:templates") == URL


@pytest.mark.django_db
def test_the_page_lists_the_templates_in_the_person_s_language(
    client_for, django_assert_num_queries
):
    person = UserFactory(language="fr")
    client = client_for(person)
    client.get(URL)  # the session and the person are loaded once before counting
    with django_assert_num_queries(5):  # the session, the person, the page's frame
        response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    with translation.override("fr"):
        for template in template_list():
            assert str(template.title) in page and str(template.description) in page
            assert f'name="key" value="{template.key}"' in page
    assert '<option value="fr" selected>' in page


@pytest.mark.django_db
def test_starting_a_template_gives_the_person_a_plan_of_their_own(client_for):
    person = UserFactory(language="en")
    before = set(Plan.objects.values_list("pk", flat=True))
    client = client_for(person)
    response = client.post(URL, {"key": "school-climate", "language": "fr"})
    plan = Plan.objects.exclude(pk__in=before).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:overview", kwargs={"plan": plan.uuid})
    assert plan.language == "fr"
    assert plan.title == template_data("school-climate", "fr")["plan"]["title"]
    (membership,) = Membership.objects.filter(plan=plan)
    assert membership.user == person and membership.role == Role.OWNER
    overview = client.get(response["Location"])
    assert "started from a template" in overview.content.decode()


@pytest.mark.django_db
def test_a_bad_key_is_not_found_and_a_bad_language_is_refused(client_for):
    client = client_for(UserFactory())
    count = Plan.objects.count()
    assert client.post(URL, {"key": "no-such-plan", "language": "en"}).status_code == 404
    refused = client.post(URL, {"key": KEYS[0], "language": "de"})
    assert refused.status_code == 400
    assert "Select a valid choice" in refused.content.decode()
    assert Plan.objects.count() == count


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    count = Plan.objects.count()
    for response in (client.get(URL), client.post(URL, {"key": KEYS[0], "language": "en"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert Plan.objects.count() == count


@pytest.mark.django_db
def test_my_plans_and_the_new_plan_page_link_to_the_templates(client_for):
    client = client_for(UserFactory())
    for name in ("plans:dashboard", "plans:create"):
        page = client.get(reverse(name)).content.decode()
        assert f'href="{URL}"' in page, name
