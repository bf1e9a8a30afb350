"""Simulated portal users for the load test (`make loadtest`; see docs/deployment.md).

Facilitators, partner staff and donors in the usual mix (3:1:1) each sign in once, then go
through the pages of their day with a pause of one to four seconds between requests
(LOADTEST_WAIT).
Every page must answer 200 as the signed-in user: a redirect to the sign-in page (a session
another app server did not know) or any other status counts as a failure.

The logins come from the JSON file named by LOADTEST_USERS ({"facilitator": [{"username":
..., "password": ...}], "partner": [...], "donor": [...]}, written by bench/loadtest.py from
the database), or else are the demo's `facilitator`, `partner` and `donor` with
DEMO_PASSWORD. Simulated users of one role share the logins round-robin.
"""

import datetime
import itertools
import json
import os
import random
import re
import time

from locust import HttpUser, between, events, task
from locust.exception import StopUser

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "cswg-demo-2026")
# Seconds between a simulated user's requests, "min,max". A person reading a page on a phone
# takes longer; the short default makes 50 simulated users a heavier load than 50 people.
WAIT = [float(seconds) for seconds in os.environ.get("LOADTEST_WAIT", "1,4").split(",")]
ROLES = ("facilitator", "partner", "donor")


def _logins() -> dict[str, itertools.cycle]:
    path = os.environ.get("LOADTEST_USERS")
    if path:
        with open(path, encoding="utf-8") as file:
            logins = json.load(file)
    else:
        logins = {role: [{"username": role, "password": DEMO_PASSWORD}] for role in ROLES}
    return {role: itertools.cycle(logins[role]) for role in ROLES}


LOGINS = _logins()

# Every request's end time and duration, when LOADTEST_TIMINGS names a file: loadtest.py
# reads them to give the latencies once every user has signed in (the steady state).
_TIMINGS_PATH = os.environ.get("LOADTEST_TIMINGS")
_TIMINGS = open(_TIMINGS_PATH, "a", encoding="utf-8") if _TIMINGS_PATH else None  # noqa: SIM115


@events.request.add_listener
def _record_timing(request_type, name, response_time, **_kwargs) -> None:
    if _TIMINGS is not None:
        _TIMINGS.write(f"{time.time():.3f},{response_time:.1f},{request_type} {name}\n")


@events.quitting.add_listener
def _close_timings(**_kwargs) -> None:
    if _TIMINGS is not None:
        _TIMINGS.close()


GROUP_LINK = re.compile(r'href="/groups/(\d+)/"')
CYCLE_LINK = re.compile(r'href="/cycles/(\d+)/"')
COMMUNITY_LINK = re.compile(r'href="/communities/(\d+)/"')
ADMIN_GROUP_LINK = re.compile(r'href="/admin/communities/group/(\d+)/change/')
PROGRAMME_LINK = re.compile(r'href="/reports/programmes/(\d+)/"')
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ids(pattern: re.Pattern, html: str) -> list[str]:
    return sorted(set(pattern.findall(html)), key=int)


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(*WAIT)
    role = ""

    def on_start(self) -> None:
        login = next(LOGINS[self.role])
        self.username = login["username"]
        self.page("/login/", "sign in: form")
        with self.client.post(
            "/login/",
            data={
                "username": login["username"],
                "password": login["password"],
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or location.startswith(("/login/", "/two-factor/")):
                # A wrong password, a lock-out or a second factor: nothing could be measured.
                response.failure(f"{login['username']}: {response.status_code} {location}")
                raise StopUser()

    def give_up(self, reason: str) -> None:
        """Count a user who found nothing to do as a failure, rather than stop in silence."""
        self.environment.events.request.fire(
            request_type="SETUP",
            name=f"{self.role}: {reason}",
            response_time=0,
            response_length=0,
            exception=RuntimeError(f"{self.username}: {reason}"),
            context={},
        )
        raise StopUser()

    def page(self, path: str, name: str, content_type: str = "text/html") -> str:
        """GET a page as the signed-in user; anything but 200 with that content is a failure."""
        with self.client.get(
            path, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "")
                response.failure(f"{response.status_code} {where}".strip())
            elif not response.headers.get("Content-Type", "").startswith(content_type):
                response.failure(f"content type {response.headers.get('Content-Type')}")
            return response.text if content_type == "text/html" else ""

    def post_form(self, path: str, data: dict, name: str, redirect_to: str) -> None:
        """POST a form; success is the redirect to `redirect_to`, as after a real save."""
        data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        with self.client.post(
            path, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or not location.startswith(redirect_to):
                response.failure(f"not saved: {response.status_code} {location}".strip())


class Facilitator(PortalUser):
    """Field staff: their work, the communities, a group, a cycle, logging a consultation."""

    weight = 3
    role = "facilitator"

    def on_start(self) -> None:
        super().on_start()
        html = self.page("/", "my work")
        self.groups = ids(GROUP_LINK, html)
        self.cycles = ids(CYCLE_LINK, html)
        if not self.groups:
            communities = ids(COMMUNITY_LINK, self.page("/communities/", "communities"))
            for community in communities[:3]:
                self.groups += ids(GROUP_LINK, self.page(f"/communities/{community}/", "community"))
        if not self.groups:
            self.give_up("no group to work on")

    def group(self) -> str:
        return random.choice(self.groups)

    @task(3)
    def my_work(self) -> None:
        self.page("/", "my work")

    @task(2)
    def communities(self) -> None:
        query = random.choice(["", "?status=active", "?on_border=yes"])
        self.page(f"/communities/{query}", "communities")

    @task(3)
    def group_page(self) -> None:
        html = self.page(f"/groups/{self.group()}/", "group")
        self.cycles = sorted(set(self.cycles) | set(ids(CYCLE_LINK, html)), key=int)

    @task(3)
    def cycle_page(self) -> None:
        if self.cycles:
            self.page(f"/cycles/{random.choice(self.cycles)}/", "cycle")

    @task(2)
    def consultation(self) -> None:
        path = f"/groups/{self.group()}/consultations/new/"
        self.page(path, "consultation form")
        self.post_form(
            path, consultation_data(), "consultation form: save", redirect_to="/consultations/"
        )


def consultation_data() -> dict:
    """A consultation with attendance by gender, age and ethnicity and one concern."""
    women, men = random.randint(3, 20), random.randint(3, 20)
    return {
        "kind": "community_consultation",
        "held_on": datetime.date.today().isoformat(),
        "place": "School",
        "attendance-female_18_28": str(women),
        "attendance-male_29_45": str(men),
        "ethnic-kyrgyz": str(women),
        "concerns-TOTAL_FORMS": "1",
        "concerns-INITIAL_FORMS": "0",
        "concerns-MIN_NUM_FORMS": "0",
        "concerns-MAX_NUM_FORMS": "30",
        "concerns-0-title": "Street lighting on the road to school",
        "concerns-0-category": "infrastructure",
        "concerns-0-raised_by": ["youth"],
        "concerns-0-sensitivity": "normal",
    }


class PartnerStaff(PortalUser):
    """Programme officers in the back office: the plan review queue and a group's page."""

    weight = 1
    role = "partner"

    def on_start(self) -> None:
        super().on_start()
        self.groups = ids(ADMIN_GROUP_LINK, self.page("/admin/communities/group/", "admin groups"))
        if not self.groups:
            self.give_up("no group in the back office")

    @task(3)
    def review_queue(self) -> None:
        self.page("/admin/cycles/actionplan/?status__exact=submitted", "admin review queue")

    @task(3)
    def group_page(self) -> None:
        self.page(f"/admin/communities/group/{random.choice(self.groups)}/change/", "admin group")

    @task(1)
    def groups_list(self) -> None:
        self.page("/admin/communities/group/", "admin groups")

    @task(1)
    def my_work(self) -> None:
        self.page("/", "my work")


class Donor(PortalUser):
    """Funders' officers: the portfolio, a programme's report and its XLSX export."""

    weight = 1
    role = "donor"

    def on_start(self) -> None:
        super().on_start()
        self.programmes = ids(PROGRAMME_LINK, self.page("/reports/", "reports"))
        if not self.programmes:
            self.give_up("no programme to report on")

    @task(2)
    def portfolio(self) -> None:
        self.page("/reports/", "reports")

    @task(4)
    def report(self) -> None:
        self.page(f"/reports/programmes/{random.choice(self.programmes)}/", "report")

    @task(1)
    def export(self) -> None:
        programme = random.choice(self.programmes)
        self.page(f"/reports/programmes/{programme}/export.xlsx", "report: XLSX", XLSX)
