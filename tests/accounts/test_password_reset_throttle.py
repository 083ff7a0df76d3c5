"""Password reset sends a bounded number of e-mails, per address and per network address,
counted in the shared cache; the page says the same whatever happened."""

import secrets

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ip():
    """A network address of the test's own, so counts in the shared cache never meet."""
    return f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"


def ask(client, email, ip):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_one_address_gets_at_most_the_limit_of_e_mails_an_hour(client, settings, ip):
    settings.PASSWORD_RESETS_PER_ADDRESS = 3
    user = UserFactory(email=f"ana-{secrets.token_hex(4)}@example.org")
    responses = [ask(client, user.email.upper(), ip) for _ in range(6)]
    assert len(mail.outbox) == 3
    done = reverse("accounts:password_reset_done")
    assert {(r.status_code, r["Location"]) for r in responses} == {(302, done)}


def test_one_network_address_cannot_send_to_every_address(client, settings, ip):
    settings.PASSWORD_RESETS_PER_IP = 4
    people = [UserFactory(email=f"p{n}-{secrets.token_hex(4)}@example.org") for n in range(7)]
    for person in people:
        ask(client, person.email, ip)
    assert len(mail.outbox) == 4
    other_ip = ip.rsplit(".", 1)[0] + ".254"
    ask(client, people[-1].email, other_ip)
    assert len(mail.outbox) == 5  # another network address is counted apart


def test_the_page_does_not_tell_a_known_address_from_an_unknown_one(client, ip):
    known = UserFactory(email=f"known-{secrets.token_hex(4)}@example.org")
    first = ask(client, known.email, ip)
    second = ask(client, f"nobody-{secrets.token_hex(4)}@example.org", ip)
    assert (first.status_code, first["Location"]) == (second.status_code, second["Location"])
    page = client.get(first["Location"]).content.decode()
    assert "If an account uses that address" in page
    assert len(mail.outbox) == 1
