"""Load profile for `make bench` (bench/bench_load.py starts it headless against gunicorn).

Every simulated person signs in as the demo planner, then reads and writes the large demo plan.
Request names group the statistics: "reference" is the smallest authenticated page.
``--tags write`` runs only the writes (a quick check of their accounting).

Writes count as failures unless they really happened: an inline save that finds no version
field, or that gets its form back (a 200 re-rendering it with errors, or a 409 conflict), fails;
so does a comment whose form comes back. Each person checks, on its next edit, that the value
it saved last is still there; at the end the values saved last are written to
``BENCH_RESULTS`` for bench_load.py to check in the database.
"""

import html
import json
import os
import re
import threading

from locust import HttpUser, between, events, tag, task

TARGETS = json.loads(open(os.environ["BENCH_TARGETS"]).read())  # noqa: SIM115 - read once
RESULTS = os.environ.get("BENCH_RESULTS")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
INPUT = re.compile(r"<input\b[^>]*>")
VALUE = re.compile(r'\bvalue="([^"]*)"')
INLINE_FORM = 'class="inline-form'  # the form partial: only there when the save did not happen
ERROR_MARKERS = ("is-invalid", "invalid-feedback")
_next_goal = iter(range(10**6))
_lock = threading.Lock()
# Goal edit URL -> the statement saved last by the person editing it (one goal per person),
# and the one being saved when the run stopped (the server may have stored it).
saved_last = {}
in_flight = {}
counts = {"saves": 0, "comments": 0}


def field_value(page, name):
    """The value of the ``<input name=...>`` in ``page``, or None."""
    for element in INPUT.findall(page):
        if f'name="{name}"' in element:
            found = VALUE.search(element)
            return html.unescape(found.group(1)) if found else None
    return None


def form_errors(page):
    """A short extract of the errors of a re-rendered form."""
    found = re.findall(r'class="invalid-feedback[^"]*"[^>]*>(.*?)</', page, re.S)
    text = " | ".join(re.sub(r"<[^>]+>|\s+", " ", f).strip() for f in found)
    return text[:200] or "the form came back"


class Planner(HttpUser):
    wait_time = between(0.05, 0.2)

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login form")
        token = CSRF.search(page.text).group(1)
        with self.client.post(
            "/accounts/login/",
            {
                "username": TARGETS["login"],
                "password": TARGETS["password"],
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": self.host + "/accounts/login/"},
            name="login",
            catch_response=True,
        ) as response:
            if "sessionid" not in self.client.cookies:
                response.failure("not signed in")
        with _lock:
            self.index = next(_next_goal)
        goals = TARGETS["goal_edit_urls"]
        self.goal_url = goals[self.index % len(goals)]  # one goal per person: no conflicts
        self.saves = 0

    def _csrf(self):
        return self.client.cookies.get("csrftoken", "")

    @task(4)
    def reference(self):
        self.client.get("/accounts/me/", name="reference")

    @task(3)
    def overview(self):
        self.client.get(TARGETS["overview"], name="overview")

    @task(10)
    def sections(self):
        for key, url in TARGETS["sections"].items():
            self.client.get(url, name=f"section {key}")

    @tag("write")
    @task(3)
    def inline_save(self):
        with self.client.get(
            self.goal_url, headers={"HX-Request": "true"}, name="inline form", catch_response=True
        ) as form:
            if form.status_code != 200:
                form.failure(f"status {form.status_code}")
                return
            version = field_value(form.text, "version")
            if version is None:
                form.failure("no version field in the inline form")
                return
            with _lock:
                expected = saved_last.get(self.goal_url)
            if expected is not None and field_value(form.text, "statement") != expected:
                form.failure(f"the value saved last ({expected!r}) is not in the form")
                return
        self.saves += 1
        statement = f"Bench goal p{self.index} s{self.saves}"
        data = dict(TARGETS["goal_data"], statement=statement, version=version)
        with _lock:
            in_flight[self.goal_url] = statement
        with self.client.post(
            self.goal_url,
            data,
            headers={"HX-Request": "true", "X-CSRFToken": self._csrf(), "Referer": self.host},
            name="inline save",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif INLINE_FORM in response.text or any(m in response.text for m in ERROR_MARKERS):
                response.failure(f"form re-rendered: {form_errors(response.text)}")
            elif html.escape(statement) not in response.text:
                response.failure("the saved value is not in the refreshed list")
            else:
                with _lock:
                    saved_last[self.goal_url] = statement
                    counts["saves"] += 1
        with _lock:
            in_flight.pop(self.goal_url, None)

    @tag("write")
    @task(2)
    def comment(self):
        if not TARGETS.get("comment_url"):
            return
        with self.client.post(
            TARGETS["comment_url"],
            dict(TARGETS["comment_data"]),
            headers={"HX-Request": "true", "X-CSRFToken": self._csrf(), "Referer": self.host},
            name="post comment",
            catch_response=True,
        ) as response:
            if response.status_code >= 400:
                response.failure(f"status {response.status_code}")
            elif 'id="thread-list"' not in response.text or any(
                m in response.text for m in (*ERROR_MARKERS, "alert-danger")
            ):
                # Accepted, the server answers with the list of discussions (its new-comment
                # form, empty, included); refused, with the form alone and its errors.
                response.failure(f"form re-rendered: {form_errors(response.text)}")
            else:
                with _lock:
                    counts["comments"] += 1


@events.quitting.add_listener
def write_results(environment, **kwargs):
    if RESULTS:
        with open(RESULTS, "w") as out:
            json.dump({"saved_last": saved_last, "in_flight": in_flight, **counts}, out)
