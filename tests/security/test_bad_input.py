"""Malformed input is refused (400, or read as absent), never a 500, never half-saved."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions.models import Task
from plans.inputs import MAX_PAGE, page_number, parse_id, parse_int, parse_version
from plans.models import Role
from tests.actions.factories import TaskFactory
from tests.actions.test_tasks import task_data

HUGE = "9999999999999999999999999"


def test_integers_are_plain_ascii_digits_within_range():
    assert parse_int("42") == 42
    assert parse_int(" 7 ") == 7
    assert parse_int("²") is None  # "²".isdigit() is True, int("²") fails
    assert parse_int("١٢") is None  # Arabic-Indic digits: int() reads them, no page sends them
    assert parse_int("-3") is None
    assert parse_int(HUGE) is None
    assert parse_int("abc", default=5) == 5
    assert parse_int(None) is None
    assert parse_id("0") is None
    assert parse_id(str(2**63 - 1)) == 2**63 - 1
    assert parse_id(str(2**63)) is None


def test_a_page_number_is_one_when_malformed_and_never_beyond_the_last_page():
    assert page_number(None) == 1
    assert page_number("0") == 1
    assert page_number("abc") == 1
    assert page_number("3") == 3
    assert page_number(HUGE) == 1  # beyond a bigint: not a page anyone was sent
    assert page_number(str(10**12)) == MAX_PAGE


def test_a_version_no_page_sends_is_refused_not_a_conflict():
    assert parse_version(None) is None
    assert parse_version("") is None
    assert parse_version("3") == 3
    for raw in ("abc", HUGE, "1.5", "²"):
        with pytest.raises(ValidationError):
            parse_version(raw)


@pytest.mark.django_db
def test_a_nul_byte_in_a_list_search_is_a_400_page(plan, owner_client):
    url = reverse("actions:page", kwargs={"plan": plan.uuid})
    response = owner_client.get(url, {"tasks-q": "a\x00b"})
    assert response.status_code == 400
    assert "This request could not be read" in response.content.decode()
    assert owner_client.get(url, {"tasks-q": "ab"}).status_code == 200


@pytest.mark.django_db
def test_a_nul_byte_in_a_parameter_name_or_a_header_is_a_400(plan, owner_client):
    url = reverse("actions:page", kwargs={"plan": plan.uuid})
    assert owner_client.get(url, {"x\x00": "1"}).status_code == 400
    assert owner_client.get(url, headers={"HX-Prompt": "a\x00"}).status_code == 400


@pytest.mark.django_db
def test_an_htmx_request_with_a_nul_byte_gets_a_message_to_swap_not_a_page(plan, owner_client):
    url = reverse("actions:tasks_add", kwargs={"plan": plan.uuid})
    response = owner_client.post(url, {"title": "a\x00"}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="alert alert-danger"' in html and "<html" not in html
    assert "Nothing was saved." in html


@pytest.mark.django_db
def test_a_nul_byte_in_a_form_field_saves_nothing(plan, owner_client):
    url = reverse("actions:tasks_add", kwargs={"plan": plan.uuid})
    response = owner_client.post(url, {"title": "Paint\x00 the crossings"})
    assert response.status_code == 400
    assert not Task.objects.filter(plan=plan).exists()


def needs_french(msgid):
    """Skip until the catalogs hold the strings of NEW_STRINGS.json (filled after the merge)."""
    from django.utils import translation

    with translation.override("fr"):
        if translation.gettext(msgid) == msgid:
            pytest.skip(f"the French catalog does not translate {msgid!r} yet (NEW_STRINGS.json)")


@pytest.mark.django_db
def test_the_400_page_is_translated(plan, client_for, people):
    needs_french("This request could not be read")
    people[Role.OWNER].language = "fr"
    people[Role.OWNER].save()
    client = client_for(people[Role.OWNER])
    url = reverse("actions:page", kwargs={"plan": plan.uuid})
    response = client.get(url, {"tasks-q": "\x00"}, headers={"Accept-Language": "fr"})
    assert response.status_code == 400
    assert "Cette requête n’a pas pu être lue" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", [HUGE, "²", "-1", "abc", str(10**12)])
def test_the_raci_page_draws_whatever_the_page_number(plan, owner_client, page):
    TaskFactory(plan=plan)
    url = reverse("actions:raci", kwargs={"plan": plan.uuid})
    assert owner_client.get(url, {"page": page}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["abc", HUGE, "1.5"])
def test_a_delete_with_a_malformed_version_is_refused_and_deletes_nothing(
    plan, owner_client, version
):
    task = TaskFactory(plan=plan)
    url = reverse("actions:tasks_delete", kwargs={"plan": plan.uuid, "pk": task.pk})
    response = owner_client.post(url, {"version": version}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert Task.objects.filter(pk=task.pk).exists()


@pytest.mark.django_db
def test_a_delete_with_its_version_still_deletes(plan, owner_client):
    task = TaskFactory(plan=plan)
    url = reverse("actions:tasks_delete", kwargs={"plan": plan.uuid, "pk": task.pk})
    response = owner_client.post(url, {"version": str(task.version)})
    assert response.status_code == 302
    assert not Task.objects.filter(pk=task.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kpi", [HUGE, "abc", "²", "0"])
def test_a_child_list_with_a_malformed_parent_is_a_404(plan, owner_client, kpi):
    url = reverse("monitoring:measurements_add", kwargs={"plan": plan.uuid})
    assert owner_client.get(url, {"kpi": kpi}).status_code == 404


def test_a_next_url_is_a_path_of_this_site_or_nothing():
    from plans.inputs import local_url

    host = "planner.example.org"
    assert local_url("/plans/1/?a=b", host=host) == "/plans/1/?a=b"
    for raw in ("abc", "2147483647", "//evil.example", "https://evil.example/", "/\\evil", None):
        assert local_url(raw, host=host) == "", raw
    assert local_url("/a\x00b", host=host) == ""


@pytest.mark.django_db
def test_a_change_reason_longer_than_the_history_holds_is_refused_not_a_500(plan, owner_client):
    url = reverse("actions:tasks_add", kwargs={"plan": plan.uuid})
    response = owner_client.post(url, task_data(change_reason="x" * 101))
    assert response.status_code == 400
    assert not Task.objects.filter(plan=plan).exists()
    response = owner_client.post(url, task_data(change_reason="x" * 100))
    assert response.status_code == 302
    assert Task.objects.get(plan=plan).history.get().history_change_reason == "x" * 100


def test_a_reason_planner_writes_itself_is_shortened_to_fit_the_history():
    from plans.history import change_reason

    assert change_reason("Imported from a.csv") == "Imported from a.csv"
    long = change_reason("Imported from " + "n" * 200)
    assert len(long) == 100 and long.endswith("…")


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["abc", HUGE, "²"])
def test_a_revert_with_a_malformed_version_is_refused_and_changes_nothing(
    plan, owner_client, version
):
    task = TaskFactory(plan=plan, title="First title")
    first = task.history.get()
    task.title = "Second title"
    task.version += 1
    task.save()
    url = reverse(
        "history:item_revert",
        kwargs={"plan": plan.uuid, "label": "actions.task", "pk": first.history_id},
    )
    response = owner_client.post(url, {"version": version})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title == "Second title"
