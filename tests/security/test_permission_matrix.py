"""Every plan-scoped URL, every role, a non-member and an anonymous visitor.

URL patterns are discovered from the URLconf: any view decorated with ``plan_view`` is covered,
so apps added later are checked without touching this file. Objects a URL needs are taken from
the seeded demo plan (``seed_demo`` must create at least one of each).
"""

import importlib

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from plans.models import Membership, Role
from plans.permissions import ModelFromURL, role_can
from plans.sections.collection import InlineCollection
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


def child_lists():
    """``{URL name of a child list's add view: its Parent}``: such a list adds an item under one
    item of another list (a KPI's measurements), named by a parameter, and 404s without it."""
    found = {}
    for config in apps.get_app_configs():
        try:
            views = importlib.import_module(f"{config.name}.views")
        except ModuleNotFoundError:
            continue
        for value in vars(views).values():
            if isinstance(value, InlineCollection) and value.parent is not None:
                found[f"{config.label}:{value.name}_add"] = value.parent
    return found


CHILD_LISTS = child_lists()


def first_choice(resolver, plan):
    """The first value a ``ModelFromURL`` takes whose model has a row in ``plan``."""
    for value, model in resolver.choices().items():
        if model.objects.filter(plan=plan).exists():
            return value, model
    raise AssertionError(f"seed_demo must create an item of one of {list(resolver.choices())}")


def url_for(name, callback, plan, objects_plan=None, choice=None):
    """The URL of a plan route, with the objects it needs from the plan (``choice``: the
    value of a ``ModelFromURL`` keyword, else the first one the plan has items of)."""
    from django.urls import reverse

    kwargs = {"plan": plan.uuid}
    for kwarg, resolver in getattr(callback, "plan_url_choices", {}).items():
        kwargs[kwarg] = choice or first_choice(resolver, objects_plan or plan)[0]
    for kwarg, model in callback.plan_objects.items():
        if isinstance(model, ModelFromURL):
            resolver = model
            if choice is None:
                choice, model = first_choice(resolver, objects_plan or plan)
            else:
                model = resolver.choices()[choice]
            kwargs[resolver.kwarg] = choice
        obj = model.objects.filter(plan=objects_plan or plan).order_by("pk").first()
        assert obj is not None, (
            f"seed_demo must create a {model.__name__} so that {name} can be checked"
        )
        kwargs[kwarg] = obj.pk
    url = reverse(name, kwargs=kwargs)
    parent = CHILD_LISTS.get(name)
    if parent is not None:
        item = parent.model.objects.filter(plan=objects_plan or plan).order_by("pk").first()
        assert item is not None, f"seed_demo must create a {parent.model.__name__} for {name}"
        url += f"?{parent.name}={item.pk}"
    return url


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


HISTORY = [(n, c) for n, c in PATTERNS if n in ("history:item_history", "history:item_revert")]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "callback"), HISTORY, ids=[n for n, _ in HISTORY])
def test_the_history_of_every_kind_of_item_is_reached_only_within_its_plan(
    demo, client_for, name, callback
):
    """One history view serves every section model: each model the URL may name answers its
    own plan's members, 404 for another plan's items, and 404 for a name it does not take."""
    from django.urls import reverse

    plan, other = demo["plan"], demo["other_plan"]
    owner, owner_of_other = demo["people"][Role.OWNER], demo["people"]["outsider"]
    resolver = callback.plan_objects["pk"]
    checked = 0
    for label, model in resolver.choices().items():
        if not model.objects.filter(plan=plan).exists():
            continue
        checked += 1
        url = url_for(name, callback, plan, choice=label)
        assert request(client_for(owner), callback, url).status_code in ALLOWED_STATUSES, label
        crossing = url_for(name, callback, other, objects_plan=plan, choice=label)
        assert request(client_for(owner_of_other), callback, crossing).status_code == 404, label
    assert checked >= 20, "the demo plan has items of most kinds"
    kwargs = {"plan": plan.uuid, "label": "accounts.user", "pk": owner.pk}
    response = request(client_for(owner), callback, reverse(name, kwargs=kwargs))
    assert response.status_code == 404  # not an item of a section


@pytest.mark.django_db
def test_a_signed_in_stranger_gets_404_for_a_plan_that_does_not_exist(client_for):
    import uuid

    from django.urls import reverse

    response = client_for(UserFactory()).get(
        reverse("plans:overview", kwargs={"plan": uuid.uuid4()})
    )
    assert response.status_code == 404


# --- Every plan URL carries the marker -------------------------------------------------------


def every_route(patterns, prefix="", namespace=None, params=frozenset()):
    """``(route, name, callback, parameter names)`` of every pattern, however deeply included.

    Parameter names come from the compiled regexes of the pattern and of every include above
    it, so a ``plan`` parameter declared in a prefix counts as well.
    """
    for p in patterns:
        names = params | set(p.pattern.regex.groupindex)
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            yield from every_route(p.url_patterns, prefix + str(p.pattern), ns, frozenset(names))
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield prefix + str(p.pattern), name, p.callback, names


def unmarked_plan_routes(patterns):
    return [
        route
        for route, _name, callback, params in every_route(patterns)
        if "plan" in params and not hasattr(callback, "plan_capability")
    ]


def test_every_url_with_a_plan_parameter_goes_through_plan_view():
    """A plan URL whose view forgot ``@plan_view`` would be invisible to the matrix above."""
    assert unmarked_plan_routes(get_resolver().url_patterns) == []
    routes = [
        r for r, _n, _c, params in every_route(get_resolver().url_patterns) if "plan" in params
    ]
    assert len(routes) == len(PATTERNS), "every plan route is in the matrix, and only those"


def test_the_plan_route_check_catches_a_forgotten_decorator():
    from django.urls import include, path, re_path

    from plans.permissions import Capability, plan_view

    def forgot(request, plan):  # pragma: no cover - never called
        raise AssertionError

    @plan_view(Capability.VIEW)
    def marked(request, access):  # pragma: no cover - never called
        raise AssertionError

    patterns = [
        path("plans/<uuid:plan>/fine/", marked),
        path("plans/<uuid:plan>/forgot/", forgot),
        re_path(r"^p/(?P<plan>[0-9a-f-]+)/forgot/$", forgot),
        path("plans/<uuid:plan>/", include([path("nested/", forgot)])),
        path("nothing/<int:pk>/", forgot),
    ]
    assert unmarked_plan_routes(patterns) == [
        "plans/<uuid:plan>/forgot/",
        "^p/(?P<plan>[0-9a-f-]+)/forgot/$",
        "plans/<uuid:plan>/nested/",
    ]


# --- URLs outside a plan ---------------------------------------------------------------------

# Pages that need a signed-in person: (URL name, kwargs, method).
LOGIN_REQUIRED = [
    ("plans:dashboard", {}, "get"),
    ("plans:create", {}, "get"),
    ("plans:create", {}, "post"),
    ("accounts:profile", {}, "get"),
    ("accounts:profile", {}, "post"),
    ("accounts:me", {}, "get"),
    ("accounts:password_change", {}, "get"),
    ("accounts:password_change", {}, "post"),
    ("actions:my_tasks", {}, "get"),
    ("monitoring:lessons_search", {}, "get"),
    ("monitoring:lesson_copy", {"pk": 1}, "post"),
    ("notifications:inbox", {}, "get"),
    ("notifications:inbox_read", {}, "post"),
    ("notifications:notification_open", {"pk": 1}, "get"),
    ("notifications:preferences", {}, "get"),
    ("notifications:preferences", {}, "post"),
    ("transfer:import", {}, "get"),
    ("transfer:import", {}, "post"),
    ("transfer:templates", {}, "get"),
    ("transfer:templates", {}, "post"),
    # Only the person who asked for the job (tests/transfer/test_job_views.py).
    ("transfer:job", {"pk": 1}, "get"),
    ("transfer:job_status", {"pk": 1}, "get"),
    ("transfer:job_download", {"pk": 1}, "get"),
]
# Reachable without signing in, on purpose: sign-in and password reset, the health check, and
# the two secret-link URLs (the calendar feed and invitations), whose token is the credential.
PUBLIC = {
    "healthz",
    "accounts:login",
    "accounts:logout",
    "accounts:set_language",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "plans:invitation_accept",
    "actions:feed",
    # A reviewer link: its signed token is the access (tests/approvals/test_review_links.py).
    "approvals:outside",
}


def non_plan_route_names():
    return {
        name
        for route, name, _callback, params in every_route(get_resolver().url_patterns)
        if "plan" not in params and not route.startswith("admin/")
    }


def test_every_url_outside_a_plan_is_either_public_or_needs_a_signed_in_person():
    """A new URL outside the plans must be classified here, so it is checked below."""
    names = non_plan_route_names()
    classified = PUBLIC | {name for name, _kwargs, _method in LOGIN_REQUIRED}
    assert names - classified == set(), "classify these URLs in LOGIN_REQUIRED or PUBLIC"
    assert classified - names == set(), "these URLs no longer exist"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kwargs", "method"),
    LOGIN_REQUIRED,
    ids=[f"{name}-{method}" for name, _kwargs, method in LOGIN_REQUIRED],
)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, name, kwargs, method):
    from django.urls import reverse

    url = reverse(name, kwargs=kwargs)
    response = getattr(client, method)(url)
    assert response.status_code == 302, f"{name}: {response.status_code}"
    assert response["Location"].startswith("/accounts/login/?next="), name


# --- One person never sees another's data -----------------------------------------------------


@pytest.fixture
def two_people(db):
    """Ann and Bob, both members of the same plan (so only the ownership of data differs)."""
    shared = MembershipFactory(role=Role.PLANNER, user__display_name="Ann Example")
    bob = MembershipFactory(
        plan=shared.plan, role=Role.PLANNER, user__display_name="Bob Example"
    ).user
    return {"ann": shared.user, "bob": bob, "plan": shared.plan}


def notify(user, text, plan=None):
    from notifications.models import Kind, Notification

    return Notification.objects.create(recipient=user, plan=plan, kind=Kind.MENTION, text=text)


def test_the_inbox_shows_only_the_persons_own_notifications(two_people, client_for):
    from django.urls import reverse

    notify(two_people["ann"], "Secret for Ann", two_people["plan"])
    notify(two_people["bob"], "Note for Bob", two_people["plan"])
    for url in (reverse("notifications:inbox"), reverse("notifications:inbox") + "?unread=1"):
        html = client_for(two_people["bob"]).get(url).content.decode()
        assert "Note for Bob" in html and "Secret for Ann" not in html, url


def test_nobody_opens_or_marks_read_another_persons_notification(two_people, client_for):
    from django.urls import reverse

    anns = notify(two_people["ann"], "Secret for Ann", two_people["plan"])
    bobs = notify(two_people["bob"], "Note for Bob", two_people["plan"])
    bob = client_for(two_people["bob"])
    response = bob.get(reverse("notifications:notification_open", kwargs={"pk": anns.pk}))
    assert response.status_code == 404
    bob.post(reverse("notifications:inbox_read"), {"id": str(anns.pk)})
    anns.refresh_from_db()
    assert anns.read_at is None, "Bob marked Ann's notification read by its id"
    bob.post(reverse("notifications:inbox_read"))  # Bob's "mark all as read"
    anns.refresh_from_db()
    bobs.refresh_from_db()
    assert anns.read_at is None and bobs.read_at is not None


def test_notification_settings_change_only_the_persons_own(two_people, client_for):
    from django.urls import reverse

    from notifications.models import Delivery, Kind, NotificationPreference

    NotificationPreference.objects.create(
        user=two_people["ann"], kind=Kind.MENTION, delivery=Delivery.OFF
    )
    data = dict.fromkeys(Kind.values, Delivery.DIGEST)
    page = client_for(two_people["bob"])
    assert page.post(reverse("notifications:preferences"), data).status_code == 302
    assert set(
        NotificationPreference.objects.filter(user=two_people["ann"]).values_list(
            "kind", "delivery"
        )
    ) == {(Kind.MENTION, Delivery.OFF)}
    assert NotificationPreference.objects.filter(
        user=two_people["bob"], delivery=Delivery.DIGEST
    ).count() == len(Kind.values)


def test_my_tasks_shows_only_the_persons_own_tasks(two_people, client_for):
    from django.urls import reverse

    from tests.actions.factories import TaskFactory
    from tests.resources.factories import TeamMemberFactory

    plan = two_people["plan"]
    TaskFactory(
        plan=plan,
        title="Ann's task",
        responsible=TeamMemberFactory(plan=plan, user=two_people["ann"]),
    )
    TaskFactory(
        plan=plan,
        title="Bob's task",
        responsible=TeamMemberFactory(plan=plan, user=two_people["bob"]),
    )
    html = client_for(two_people["bob"]).get(reverse("actions:my_tasks")).content.decode()
    assert "Bob&#x27;s task" in html and "Ann&#x27;s task" not in html


def test_the_profile_pages_show_and_change_only_the_signed_in_person(two_people, client_for):
    from django.urls import reverse

    ann, bob = two_people["ann"], two_people["bob"]
    bob_client = client_for(bob)
    html = bob_client.get(reverse("accounts:profile")).content.decode()
    assert "Bob Example" in html and "Ann Example" not in html
    assert bob_client.get(reverse("accounts:me")).json()["email"] == bob.email
    response = bob_client.post(
        reverse("accounts:profile"), {"display_name": "Bob Renamed", "language": "en", "id": ann.pk}
    )
    assert response.status_code == 302
    ann.refresh_from_db()
    bob.refresh_from_db()
    assert (ann.display_name, bob.display_name) == ("Ann Example", "Bob Renamed")


def test_changing_the_password_needs_the_current_one(two_people, client_for):
    from django.urls import reverse

    from tests.accounts.factories import PASSWORD

    bob = two_people["bob"]
    response = client_for(bob).post(
        reverse("accounts:password_change"),
        {
            "old_password": "not-my-password",
            "new_password1": "Xq7!long-enough-pw",
            "new_password2": "Xq7!long-enough-pw",
        },
    )
    assert response.status_code == 200
    bob.refresh_from_db()
    assert bob.check_password(PASSWORD) and not bob.check_password("Xq7!long-enough-pw")


def test_the_dashboard_and_lessons_show_only_the_persons_plans(two_people, client_for):
    from django.urls import reverse

    from tests.monitoring.factories import LessonFactory

    elsewhere = MembershipFactory(
        user=two_people["ann"], role=Role.OWNER, plan__title="Ann's private plan"
    ).plan
    LessonFactory(plan=elsewhere, title="Lesson only Ann may read")
    bob = client_for(two_people["bob"])
    assert "private plan" not in bob.get(reverse("plans:dashboard")).content.decode()
    lessons = bob.get(reverse("monitoring:lessons_search"), {"q": "Lesson"}).content.decode()
    assert "Lesson only Ann may read" not in lessons
    ann = client_for(two_people["ann"])
    assert "private plan" in ann.get(reverse("plans:dashboard")).content.decode()
    assert (
        "Lesson only Ann may read"
        in ann.get(reverse("monitoring:lessons_search"), {"q": "Lesson"}).content.decode()
    )


# --- The calendar feed: its secret token is the only credential ------------------------------


@pytest.fixture
def feed(two_people, client_for):
    from django.urls import reverse

    from actions.models import CalendarFeed

    client_for(two_people["ann"]).post(
        reverse("actions:calendar_renew", kwargs={"plan": two_people["plan"].uuid})
    )
    return CalendarFeed.objects.get(
        plan=two_people["plan"], user=two_people["ann"], revoked_at=None
    )


def feed_status(client, token, method="get"):
    from django.urls import reverse

    return getattr(client, method)(reverse("actions:feed", kwargs={"token": token})).status_code


def test_the_calendar_feed_answers_only_its_exact_token(feed, client):
    assert feed_status(client, feed.token) == 200
    assert feed_status(client, feed.token, "head") == 200
    assert feed_status(client, "wrong-token") == 404
    assert feed_status(client, feed.token[:-1]) == 404
    assert (
        feed_status(client, feed.token.upper() if feed.token != feed.token.upper() else "x") == 404
    )
    assert feed_status(client, feed.token, "post") == 404


def test_a_revoked_or_replaced_calendar_token_stops_working(feed, two_people, client_for, client):
    from django.urls import reverse

    ann = client_for(two_people["ann"])
    ann.post(reverse("actions:calendar_renew", kwargs={"plan": two_people["plan"].uuid}))
    assert feed_status(client, feed.token) == 404, "the replaced address still works"
    from actions.models import CalendarFeed

    current = CalendarFeed.objects.get(user=two_people["ann"], revoked_at=None)
    assert feed_status(client, current.token) == 200
    ann.post(reverse("actions:calendar_revoke", kwargs={"plan": two_people["plan"].uuid}))
    assert feed_status(client, current.token) == 404, "the revoked address still works"


def test_the_calendar_token_of_someone_who_left_the_plan_stops_working(feed, two_people, client):
    assert feed_status(client, feed.token) == 200
    Membership.objects.filter(plan=two_people["plan"], user=two_people["ann"]).delete()
    assert feed_status(client, feed.token) == 404


def test_nobody_sees_another_persons_calendar_address(feed, two_people, client_for):
    from django.urls import reverse

    url = reverse("actions:calendar", kwargs={"plan": two_people["plan"].uuid})
    assert feed.token in client_for(two_people["ann"]).get(url).content.decode()
    assert feed.token not in client_for(two_people["bob"]).get(url).content.decode()


# --- Invitations: the signed link is the credential, once --------------------------------------


def test_a_forged_or_used_invitation_link_lets_nobody_in(two_people, client_for):
    from django.urls import reverse

    from plans.services import invitation_token
    from tests.plans.factories import InvitationFactory

    stranger = UserFactory()
    invitation = InvitationFactory(plan=two_people["plan"], email=stranger.email)
    token = invitation_token(invitation)
    visitor = client_for(stranger)
    for forged in ("not-a-token", token[:-2] + ("AA" if not token.endswith("AA") else "BB")):
        url = reverse("plans:invitation_accept", kwargs={"token": forged})
        assert visitor.post(url).status_code == 410
    assert not Membership.objects.filter(user=stranger).exists()

    url = reverse("plans:invitation_accept", kwargs={"token": token})
    assert visitor.post(url).status_code == 302
    assert Membership.objects.filter(user=stranger, plan=two_people["plan"]).exists()
    latecomer = UserFactory()
    assert client_for(latecomer).post(url).status_code == 410, "an invitation is single use"
    assert not Membership.objects.filter(user=latecomer).exists()
