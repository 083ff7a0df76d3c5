import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_signs_in_and_out(client):
    user = UserFactory(email="ana@example.org")
    response = client.post(
        reverse("accounts:login"), {"username": "ana@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("plans:dashboard")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("plans:dashboard")).status_code == 302
    assert user.is_active


def test_a_wrong_password_gets_a_message(client):
    UserFactory(email="ana@example.org")
    response = client.post(
        reverse("accounts:login"), {"username": "ana@example.org", "password": "nope"}
    )
    assert response.status_code == 200
    assert "correct" in response.content.decode()


def test_repeated_failures_lock_the_sign_in(client, settings):
    UserFactory(email="ana@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "ana@example.org", "password": "x"})
    response = client.post(
        reverse("accounts:login"), {"username": "ana@example.org", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()


def test_the_profile_language_switches_the_interface_to_french(client):
    user = UserFactory()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.post(reverse("accounts:profile"), {"display_name": "Ana", "language": "fr"})
    user.refresh_from_db()
    assert user.language == "fr"
    content = client.get(reverse("plans:dashboard")).content.decode()
    assert "Mes plans" in content


def test_the_language_switcher_remembers_the_choice(client):
    user = UserFactory()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("accounts:set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "fr"


def test_the_language_switcher_refuses_a_foreign_redirect(client):
    response = client.post(
        reverse("accounts:set_language"), {"language": "fr", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_a_password_reset_sends_a_link(client):
    UserFactory(email="ana@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "ana@example.org"})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_a_password_change_needs_the_old_password(client):
    user = UserFactory()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "wrong",
            "new_password1": "n3w-pass-phrase",
            "new_password2": "n3w-pass-phrase",
        },
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_me_tells_who_is_signed_in_in_one_query(client, django_assert_num_queries):
    user = UserFactory(display_name="Ana")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    # The session and the user, inside the savepoint of ATOMIC_REQUESTS (2 more statements).
    with django_assert_num_queries(4):
        response = client.get(reverse("accounts:me"))
    assert response.json()["name"] == "Ana"
