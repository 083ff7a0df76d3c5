"""Styled, translated error pages; signed-in pages never kept in a cache."""

import pytest
from django.template import loader
from django.test import Client
from django.urls import reverse
from django.utils import translation

from plans.models import Role
from tests.security.test_bad_input import needs_french


@pytest.mark.django_db
def test_a_signed_in_page_is_never_stored(plan, owner_client):
    response = owner_client.get(reverse("plans:overview", kwargs={"plan": plan.uuid}))
    assert response.status_code == 200
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache


@pytest.mark.django_db
def test_a_signed_in_download_and_a_refusal_are_never_stored(plan, owner_client):
    csv = owner_client.get(reverse("actions:tasks_csv", kwargs={"plan": plan.uuid}))
    assert "no-store" in csv["Cache-Control"]
    missing = owner_client.get("/plans/00000000-0000-0000-0000-000000000000/")
    assert missing.status_code == 404 and "no-store" in missing["Cache-Control"]


@pytest.mark.django_db
def test_anonymous_pages_and_static_files_are_left_alone(client):
    # (The sign-in page is never_cache of Django's own.)
    page = client.get(reverse("accounts:password_reset"))
    assert page.status_code == 200
    assert "no-store" not in page.get("Cache-Control", "")
    css = client.get("/static/css/planner.css")
    assert css.status_code == 200
    assert "no-store" not in css.get("Cache-Control", "")


@pytest.mark.django_db
def test_a_403_is_the_styled_page(plan, client_for, people):
    viewer = client_for(people[Role.VIEWER])
    response = viewer.get(reverse("plans:edit", kwargs={"plan": plan.uuid}))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your role does not allow this" in html
    assert 'class="navbar' in html  # the site's own frame


@pytest.mark.django_db
def test_a_404_is_the_styled_page(client_for, people):
    response = client_for(people["outsider"]).get("/plans/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "This page does not exist" in html and 'class="navbar' in html


@pytest.mark.django_db
def test_a_404_for_an_anonymous_visitor_is_styled_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "This page does not exist" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("tests.security.urls_failing")
def test_a_500_is_the_styled_page_without_a_request(people):
    client = Client(raise_request_exception=False)
    client.force_login(people[Role.OWNER], backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/fail/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "a bug" not in html


def test_the_500_page_renders_with_no_context_at_all():
    html = loader.get_template("500.html").render()
    assert "Something went wrong on our side" in html


@pytest.mark.django_db
def test_the_error_pages_are_translated(plan, client_for, people):
    needs_french("This page does not exist")
    with translation.override("fr"):
        html = loader.get_template("500.html").render()
    assert "Un problème est survenu de notre côté" in html
    people["outsider"].language = "fr"
    people["outsider"].save()
    response = client_for(people["outsider"]).get(
        reverse("plans:overview", kwargs={"plan": plan.uuid})
    )
    assert response.status_code == 404
    assert "Cette page n’existe pas" in response.content.decode()


def csrf_client(user, **headers):
    client = Client(enforce_csrf_checks=True, headers=headers)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.django_db
def test_a_form_refused_by_the_csrf_check_gets_the_styled_page(plan, people):
    owner = people[Role.OWNER]
    client = csrf_client(owner)
    url = reverse("plans:edit", kwargs={"plan": plan.uuid})
    assert client.get(url).status_code == 200  # sets the CSRF cookie
    title = plan.title
    response = client.post(url, {"title": "Changed"})  # without the form's token
    assert response.status_code == 403
    html = response.content.decode()
    assert "This form could not be sent" in html and "reload the page" in html
    assert 'class="navbar' in html  # the site's own frame
    plan.refresh_from_db()
    assert plan.title == title
    refused = csrf_client(owner).post(url, {"title": "Changed"})  # no cookie at all
    assert refused.status_code == 403
    assert "Allow cookies for this site" in refused.content.decode()


@pytest.mark.django_db
def test_the_csrf_page_speaks_the_readers_language(plan, people):
    owner = people[Role.OWNER]
    owner.language = "fr"
    owner.save(update_fields=["language"])
    url = reverse("plans:edit", kwargs={"plan": plan.uuid})
    response = csrf_client(owner, **{"Accept-Language": "fr"}).post(url, {"title": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    with translation.override("fr"):
        french = translation.gettext("This form could not be sent")
    assert french != "This form could not be sent" and french in html
