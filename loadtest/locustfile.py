"""Bounded load on loopback: people browse the Kooperationsatlas and the Förderlotse
programme search; municipal staff submit inquiries through the whole wizard.

Run it with `make loadtest` (loadtest/run.sh), which starts PostgreSQL, Redis and
gunicorn with the production settings, and checks afterwards that every inquiry
submitted is in the database. Cookies are kept by hand: the production cookies are
Secure, and loopback has no TLS (the requests say X-Forwarded-Proto: https, as the
proxy would).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
from typing import Any

from locust import HttpUser, between, events, task

DATA = json.load(open(os.environ["IKZ_LOADTEST_DATA"]))  # noqa: SIM115
HOST_HEADER = os.environ.get("IKZ_LOADTEST_HOST", "portal.test")
SUBMITTED_FILE = os.environ["IKZ_LOADTEST_SUBMITTED"]
_users = itertools.cycle(DATA["users"])
_lock = threading.Lock()
submitted = 0

SEARCHES = ["", "q=Bauhof", "q=Abwasser", "q=Feuerwehr", "q=Digital", "q=Kita"]
TOKEN_RE = re.compile(r"/vorgaenge/anfrage/([0-9a-f-]{36})/")


class PortalUser(HttpUser):
    abstract = True

    def on_start(self) -> None:
        self.jar: dict[str, str] = {}

    def _headers(self, path: str, post: bool = False) -> dict[str, str]:
        headers = {"Host": HOST_HEADER, "X-Forwarded-Proto": "https", "Accept-Language": "de"}
        if self.jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        if post:
            headers["Referer"] = f"https://{HOST_HEADER}{path}"
            headers["X-CSRFToken"] = self.jar.get("csrftoken", "")
        return headers

    def _keep(self, response: Any) -> None:
        for cookie in response.cookies:
            if cookie.value:
                self.jar[cookie.name] = cookie.value

    def get(self, path: str, name: str | None = None) -> Any:
        with self.client.get(
            path, headers=self._headers(path), name=name, allow_redirects=False, catch_response=True
        ) as response:
            self._keep(response)
            if response.status_code != 200:
                response.failure(f"{path}: {response.status_code}")
            return response

    def post(self, path: str, data: dict[str, Any], name: str, expect: int = 302) -> Any:
        with self.client.post(
            path,
            data={**data, "csrfmiddlewaretoken": self.jar.get("csrftoken", "")},
            headers=self._headers(path, True),
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            self._keep(response)
            if response.status_code != expect:
                response.failure(f"{name}: {response.status_code} statt {expect}")
            return response


class Visitor(PortalUser):
    """Someone browsing the atlas and the programme search."""

    weight = 4
    wait_time = between(0.5, 2)

    @task(3)
    def atlas(self) -> None:
        self.get("/atlas/", name="/atlas/")

    @task(3)
    def programmes(self) -> None:
        query = random.choice(SEARCHES)  # noqa: S311
        self.get("/foerderlotse/" + (f"?{query}" if query else ""), name="/foerderlotse/?q=…")

    @task(1)
    def home(self) -> None:
        self.get("/", name="/")


class MunicipalStaff(PortalUser):
    """A confirmed municipal user who submits inquiries through the wizard."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self) -> None:
        super().on_start()
        self.account = next(_users)
        self.get("/konto/login/", name="/konto/login/")
        self.post(
            "/konto/login/",
            {"login": self.account["email"], "password": self.account["password"]},
            name="login",
        )

    @task
    def submit_inquiry(self) -> None:
        global submitted
        start = self.post("/vorgaenge/anfrage/", {}, name="wizard: start")
        match = TOKEN_RE.search(start.headers.get("Location", ""))
        if not match:
            return
        base = f"/vorgaenge/anfrage/{match.group(1)}"
        field = DATA["field"]
        steps: list[tuple[str, dict[str, Any]]] = [
            ("kommune", {"municipality": self.account["municipality"]}),
            ("partner", {"partners": [self.account["partner"]], "other_partners": "", "aktion": "weiter"}),
            ("handlungsfelder", {"fields_of_action": [field]}),
            ("stufe", {"stage": "austausch"}),
            (
                "beschreibung",
                {"title": "Lasttest: gemeinsamer Bauhof", "description": "Zwei Bauhöfe werden einer."},
            ),
            (
                "checkliste",
                {
                    "q1_fields": [field],
                    "q1_comment": "",
                    **{f"q{n}": "ja" for n in range(2, 8)},
                    **{f"q{n}_comment": "" for n in range(2, 8)},
                },
            ),
            ("anhaenge", {"aktion": "weiter"}),
        ]
        for slug, data in steps:
            self.get(f"{base}/{slug}/", name=f"wizard: {slug}")
            if self.post(f"{base}/{slug}/", data, name=f"wizard: {slug} (POST)").status_code != 302:
                return
        self.get(f"{base}/pruefen/", name="wizard: prüfen")
        if self.post(f"{base}/pruefen/", {}, name="wizard: absenden").status_code == 302:
            with _lock:
                submitted += 1
            self.get(f"{base}/fertig/", name="wizard: fertig")


@events.quitting.add_listener
def _write_submitted(environment: Any, **kwargs: Any) -> None:
    with open(SUBMITTED_FILE, "w") as f:
        f.write(str(submitted))
