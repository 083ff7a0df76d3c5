"""Every plan-scoped URL, every role, a non-member and an anonymous visitor.

URL patterns are discovered from the URLconf: any view decorated with ``plan_view`` is covered,
so apps added later are checked without touching this file. Objects a URL needs are taken from
the seeded demo plan (``seed_demo`` must create at least one of each).
"""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from plans.models import Membership, Plan, Role
from plans.permissions import role_can
from tests.accounts.factories import UserFactory
from tests.plans.factories import MembershipFactory

ALLOWED_STATUSES = {200, 201, 204, 302, 303, 400, 409, 422}


def plan_patterns():
    found = []

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or namespace
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern) and hasattr(p.callback, "plan_capability"):
                name = f"{namespace}:{p.name}" if namespace else p.name
                found.append((name, p.callback))

    walk(get_resolver().url_patterns, "", None)
    return found


PATTERNS = plan_patterns()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--quiet")
        plan = Plan.objects.get(title__startswith="Safer routes")
        other = MembershipFactory(role=Role.OWNER)
        people = {m.role: m.user for m in Membership.objects.filter(plan=plan)}
        people["outsider"] = other.user
        data = {"plan": plan, "people": people, "other_plan": other.plan}
        yield data
        transaction.set_rollback(True)


def url_for(name, callback, plan, objects_plan=None):
    from django.urls import reverse

    kwargs = {"plan": plan.uuid}
    for kwarg, model in callback.plan_objects.items():
        obj = model.objects.filter(plan=objects_plan or plan).order_by("pk").first()
        assert obj is not None, (
            f"seed_demo must create a {model.__name__} so that {name} can be checked"
        )
        kwargs[kwarg] = obj.pk
    return reverse(name, kwargs=kwargs)


def request(client, callback, url):
    method = "get" if "GET" in callback.plan_methods else "post"
    with transaction.atomic():
        response = getattr(client, method)(url)
        transaction.set_rollback(True)
    return response


def test_the_matrix_finds_the_plan_urls():
    names = {name for name, _ in PATTERNS}
    assert {"plans:overview", "plans:edit", "plans:members", "plans:history"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "callback"), PATTERNS, ids=[n for n, _ in PATTERNS])
def test_each_persona_gets_the_answer_its_role_allows(demo, client_for, name, callback):
    plan = demo["plan"]
    url = url_for(name, callback, plan)

    anonymous = request(client_for(None), callback, url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"], name

    outsider = request(client_for(demo["people"]["outsider"]), callback, url)
    assert outsider.status_code == 404, f"{name}: a non-member must learn nothing"

    for role in Role.values:
        response = request(client_for(demo["people"][role]), callback, url)
        if role_can(role, callback.plan_capability):
            assert response.status_code in ALLOWED_STATUSES, (
                f"{name} as {role}: {response.status_code}"
            )
        else:
            assert response.status_code == 403, f"{name} as {role}: {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "callback"),
    [(n, c) for n, c in PATTERNS if c.plan_objects],
    ids=[n for n, c in PATTERNS if c.plan_objects],
)
def test_an_object_of_one_plan_is_not_reachable_through_another(demo, client_for, name, callback):
    """The owner of plan B asks for plan A's objects through plan B's URLs: 404."""
    other = demo["other_plan"]
    owner_of_other = demo["people"]["outsider"]
    url = url_for(name, callback, other, objects_plan=demo["plan"])
    response = request(client_for(owner_of_other), callback, url)
    assert response.status_code == 404, name


@pytest.mark.django_db
def test_a_signed_in_stranger_gets_404_for_a_plan_that_does_not_exist(client_for):
    import uuid

    from django.urls import reverse

    response = client_for(UserFactory()).get(
        reverse("plans:overview", kwargs={"plan": uuid.uuid4()})
    )
    assert response.status_code == 404
