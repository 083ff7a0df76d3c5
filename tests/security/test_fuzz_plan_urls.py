"""Proof that bad input never hurts the service: every plan URL of the URLconf, as its owner,
with malformed values in every query parameter the view reads and every field of its forms.
Any 5xx (or exception) fails, with the URL, the method, the values and the traceback.

The parameters are found, not listed: one plain request to each URL records every name the
view (and the forms it binds) looks up in ``request.GET`` and ``request.POST``, and the page's
own forms add their fields. Hypothesis then draws, for each parameter, one of the values an
attacker would send: NUL bytes, integers past any column, ids that are not numbers, very long
texts, odd Unicode, impossible dates: first four explicit examples that give each parameter
each kind in turn, then ``FUZZ_EXAMPLES`` random ones (default 2; the whole file takes about
two minutes on the project's 2-core machine).

``FOUND_500`` keeps the values that gave a 500 when the fuzzing first ran, in the collaboration
views: each is sent again as it was found (``test_what_the_fuzzing_found_stays_fixed``).
"""

import os
from contextlib import contextmanager
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode

import pytest
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from plans.models import Role
from tests.security.test_permission_matrix import PATTERNS, url_for

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2"))
# The suite's run draws the same examples every time (a CI failure is never luck);
# ``FUZZ_RANDOM=1 FUZZ_EXAMPLES=20`` explores further, with new draws each run.
DERANDOMIZE = os.environ.get("FUZZ_RANDOM") != "1"

# (URL name, parameter): the values that gave a 500 when the fuzzing first ran (fixed since).
FOUND_500 = {
    # ``back``: redirect(next) reversed a bare word as a URL name (NoReverseMatch), reached
    # when the revert is refused (here: a stale version). Now plans.inputs.local_url.
    ("history:item_revert", "next"): {"next": "abc", "version": "2147483647"},
    # int(page) unbounded, then OFFSET beyond a bigint (DataError: bigint out of range).
    ("history:activity", "page"): {"page": "9999999999999999999999999"},
    # A real content type with ``object=abc`` reached filter(object_id="abc") (ValueError).
    ("discussions:threads", "object"): lambda: {"ct": str(goal_type()), "object": "abc"},
    # "²".isdigit() is True, then filter(pk="²").
    ("notifications:inbox_read", "id"): {"id": "²"},
    # The same ``int(value) if value.isdigit()``.
    ("approvals:approval_rules", "approvers-*"): {"approvers-objectives": "²"},
}


def goal_type():
    from django.contrib.contenttypes.models import ContentType

    from objectives.models import Goal

    return ContentType.objects.get_for_model(Goal).pk


# --- the values ------------------------------------------------------------------------------

NUMBERS = st.one_of(
    st.integers(min_value=2**31 - 1, max_value=10**30).map(str),
    st.integers(max_value=-1).map(str),
    st.sampled_from(["9999999999999999999999999", "0", "-0", "1e9", "0x10", "NaN", "inf"]),
)
NOT_IDS = st.sampled_from(
    ["abc", "1.5", "²", "١٢", "１２", " 7 ", "7abc", "null", "None", "[]", "{}", "../", "%00", ""]
)
NUL = st.one_of(
    st.just("\x00"),
    st.text(max_size=10).map(lambda s: s + "\x00" + s),
)
LONG = st.one_of(
    st.integers(min_value=1_000, max_value=20_000).map(lambda n: "x" * n),
    st.integers(min_value=300, max_value=3_000).map(lambda n: "é🚸" * n),
)
ODD_UNICODE = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40),
    st.sampled_from(["\u202eevil", "\ufeff1", "ǅ", "ﬁ", "İ", "\r", "a\rb", "\u2028", "\x85"]),
)
DATES = st.sampled_from(
    ["0001-01-01", "9999-12-31", "2026-02-30", "99999-01-01", "1899-12-31", "2201-01-01"]
)
MALFORMED = st.one_of(NUMBERS, NOT_IDS, NUL, LONG, ODD_UNICODE, DATES)

# --- finding the parameters ------------------------------------------------------------------

_READS = ("get", "__getitem__", "getlist", "__contains__")


@contextmanager
def recording():
    """Every key looked up in a QueryDict (or any MultiValueDict) meanwhile."""
    seen = set()
    originals = {name: getattr(MultiValueDict, name) for name in _READS}

    def wrap(name):
        original = originals[name]

        def read(self, key, *args, **kwargs):
            if isinstance(key, str) and isinstance(self, QueryDict):  # not the URL resolver's
                seen.add(key)
            return original(self, key, *args, **kwargs)

        return read

    for name in _READS:
        setattr(MultiValueDict, name, wrap(name))
    try:
        yield seen
    finally:
        for name, original in originals.items():
            setattr(MultiValueDict, name, original)


class FormFields(HTMLParser):
    """The names a page sends back and the values it gives them: its inputs, selects and
    textareas, and the query strings of its links and htmx requests."""

    LINKS = ("href", "action", "hx-get", "hx-post")

    def __init__(self):
        super().__init__()
        self.values = {}
        self._select = None

    def add(self, name, value=None):
        found = self.values.setdefault(name, set())
        if value:
            found.add(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag in ("input", "textarea", "button") and name:
            self.add(name, attrs.get("value"))
        elif tag == "select":
            self._select = name
            if name:
                self.add(name)
        elif tag == "option" and self._select:
            self.add(self._select, attrs.get("value"))
        for attr in self.LINKS:
            link = attrs.get(attr) or ""
            if "?" in link:
                for key, value in parse_qsl(link.split("?", 1)[1], keep_blank_values=True):
                    self.add(key, value)


# Names every request reads that say nothing of the view (Django's own, the test client's).
IGNORED = {"csrfmiddlewaretoken", "HTTP_HX_REQUEST"}
# A few a view may read only in a branch the plain request does not take.
ALWAYS = {"page", "q", "version", "next", "section", "status"}


def one(client, method, url, data=None):
    with transaction.atomic():
        response = getattr(client, method)(url, data or {})
        transaction.set_rollback(True)
    return response


def parameters(client, callback, url):
    """``{name: values the page itself gives it}`` for every parameter the view reads."""
    methods = set(callback.plan_methods or ("GET",))
    found = {name: set() for name in ALWAYS}
    with recording() as seen:
        if "GET" in methods:
            page = one(client, "get", url)
            if not page.streaming and "html" in page.get("Content-Type", ""):
                parser = FormFields()
                parser.feed(page.content.decode("utf-8", "replace"))
                for name, values in parser.values.items():
                    found.setdefault(name, set()).update(values)
        if "POST" in methods:
            one(client, "post", url, {"_fuzz": "1"})  # a bound form reads all its fields
    for name in seen:
        found.setdefault(name, set())
    return {
        n: sorted(v)[:20] for n, v in sorted(found.items()) if n not in IGNORED and n[:1] != "_"
    }


# --- the test --------------------------------------------------------------------------------

# Explicit examples before the random ones: each parameter in turn gets each of these (one per
# kind of bad value), so every parameter meets every kind whatever Hypothesis draws.
OMIT = object()
# "²" is not a number, yet ``"²".isdigit()`` is True: it finds every ``int(x) if x.isdigit()``.
REPRESENTATIVES = ("9999999999999999999999999", "²", "x" * 2_000, "9999-12-31")


def rotations(names, methods):
    for k in range(len(REPRESENTATIVES)):
        values = {n: REPRESENTATIVES[(i + k) % len(REPRESENTATIVES)] for i, n in enumerate(names)}
        yield values, methods[k % len(methods)]


def check(client, url, method, values):
    data = dict(values)
    target = url
    if method == "post":
        # A POST view may read the query too (a child list's parent): both get the values.
        base, _sep, fixed = url.partition("?")
        query = urlencode({k: v for k, v in data.items() if len(v) < 500})
        target = f"{base}?{'&'.join(q for q in (fixed, query) if q)}"
    response = one(client, method, target, data)
    shown = {k: v if len(v) < 60 else f"{v[:20]!r}… ({len(v)} characters)" for k, v in data.items()}
    assert response.status_code < 500, (method.upper(), url, shown, response.status_code)


@pytest.fixture(scope="module")
def owner_client(demo):
    client = Client()
    client.force_login(
        demo["people"][Role.OWNER], backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "callback"), PATTERNS, ids=[n for n, _ in PATTERNS])
def test_no_malformed_value_gets_a_5xx(demo, owner_client, name, callback):
    url = url_for(name, callback, demo["plan"])
    found = parameters(owner_client, callback, url)
    names = list(found)
    methods = [m.lower() for m in (callback.plan_methods or ("GET",)) if m in ("GET", "POST")]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=DERANDOMIZE,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        values=st.fixed_dictionaries(dict.fromkeys(names, MALFORMED)),
        method=st.sampled_from(methods),
    )
    def send(values, method):
        check(owner_client, url, method, values() if callable(values) else values)

    for values, method in rotations(names, methods):
        send = example(values=values, method=method)(send)
    send()


def own_patterns():
    """The signed-in person's own pages outside a plan (no URL parameter): the dashboard,
    their tasks, notifications, imports, profile... Not sign-out (the client stays signed in),
    not Django's admin, not the reviewer links (their token is the URL)."""
    found = []

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace != "admin":
                    walk(p.url_patterns, p.namespace or namespace)
            elif (
                p.name and not p.pattern.regex.groups and not hasattr(p.callback, "plan_capability")
            ):
                name = f"{namespace}:{p.name}" if namespace else p.name
                if name not in ("accounts:logout", "healthz"):
                    found.append(name)

    walk(get_resolver().url_patterns, None)
    return sorted(found)


OWN = own_patterns()


class AnyMethod:
    plan_methods = ("GET", "POST")


@pytest.mark.django_db
@pytest.mark.parametrize("name", OWN)
def test_no_malformed_value_gets_a_5xx_on_ones_own_pages(demo, owner_client, name):
    url = reverse(name)
    found = parameters(owner_client, AnyMethod, url)
    names = list(found)
    for values, method in rotations(names, ["get", "post"]):
        check(owner_client, url, method, values)


@pytest.mark.django_db
def test_the_parameters_a_view_reads_are_found(demo, owner_client):
    """The recorder sees the names a view looks up, not only those its page shows."""
    by_name = dict(PATTERNS)
    raci = url_for("actions:raci", by_name["actions:raci"], demo["plan"])
    assert {"page", "raci-q"} <= set(parameters(owner_client, by_name["actions:raci"], raci))
    page = "actions:page"
    found = parameters(owner_client, by_name[page], url_for(page, by_name[page], demo["plan"]))
    assert "tasks-q" in found and "tasks-status" in found
    assert "done" in found["tasks-status"]  # the filter's own choices, from the page
    add = "actions:tasks_add"
    fields = parameters(owner_client, by_name[add], url_for(add, by_name[add], demo["plan"]))
    assert {"title", "start_date", "due_date"} <= set(fields)


FOUND = sorted(FOUND_500.items())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "param", "values"),
    [(*k, v) for k, v in FOUND],
    ids=[f"{n}-{p}" for (n, p), _ in FOUND],
)
def test_what_the_fuzzing_found_stays_fixed(demo, owner_client, name, param, values):
    callback = dict(PATTERNS).get(name, AnyMethod)
    url = reverse(name) if name in OWN else url_for(name, callback, demo["plan"])
    method = "post" if "POST" in (callback.plan_methods or ()) else "get"
    check(owner_client, url, method, values() if callable(values) else values)
