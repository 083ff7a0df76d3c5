"""Load profile for `make bench` (bench/bench_load.py starts it headless against gunicorn).

Every simulated person signs in as the demo planner, then reads and writes the large demo plan.
Request names group the statistics: "reference" is the smallest authenticated page.
"""

import json
import os
import re
import threading

from locust import HttpUser, between, task

TARGETS = json.loads(open(os.environ["BENCH_TARGETS"]).read())  # noqa: SIM115 - read once
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
_next_goal = iter(range(10**6))
_lock = threading.Lock()


class Planner(HttpUser):
    wait_time = between(0.05, 0.2)

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login form")
        token = CSRF.search(page.text).group(1)
        self.client.post(
            "/accounts/login/",
            {
                "username": TARGETS["login"],
                "password": TARGETS["password"],
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": self.host + "/accounts/login/"},
            name="login",
        )
        with _lock:
            index = next(_next_goal)
        goals = TARGETS["goal_edit_urls"]
        self.goal_url = goals[index % len(goals)]  # one goal per person: no conflicts expected
        self.comments_posted = 0

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

    @task(3)
    def inline_save(self):
        form = self.client.get(self.goal_url, headers={"HX-Request": "true"}, name="inline form")
        version = VERSION.search(form.text)
        if not version:
            return
        data = dict(TARGETS["goal_data"], version=version.group(1))
        self.client.post(
            self.goal_url,
            data,
            headers={"HX-Request": "true", "X-CSRFToken": self._csrf(), "Referer": self.host},
            name="inline save",
        )

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
            if response.status_code < 400:
                response.success()
                with _lock:
                    TARGETS.setdefault("_posted", 0)
                    TARGETS["_posted"] += 1
            else:
                response.failure(f"status {response.status_code}")
