"""The portal's month-end rush, for Locust (scripts/load_test runs it headless): each simulated
consultant logs in, opens their month, fills it, saves it and submits it, once."""

import itertools
import re
import time

from locust import HttpUser, SequentialTaskSet, between, task

CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
REPORT_LINK = re.compile(r'href="/my/cra/(\d+)[?"]')
DAY_SELECT = re.compile(r'name="(day_\d{4}-\d\d-\d\d)"[^>]*>(.*?)</select>', re.S)
SELECTED = re.compile(r'<option[^>]*value="([\d.]+)"[^>]*selected')
LOGINS = itertools.count()


def days_of(page):
    """The grid's days as the page shows them: {"day_YYYY-MM-DD": "1"…}."""
    days = {}
    for name, options in DAY_SELECT.findall(page):
        selected = SELECTED.search(options)
        days[name] = selected[1] if selected else "0"
    return days


class MonthEnd(SequentialTaskSet):
    def on_start(self):
        self.login = f"load{next(LOGINS)}"
        self.report = self.csrf = None
        self.days = {}

    def _form(self, name, op, days=None):
        data = {"csrf_token": self.csrf, "op": op, **(days or {})}
        with self.client.post(
            f"/my/cra/{self.report}", data=data, name=name, catch_response=True
        ) as response:
            if response.status_code != 200 or "alert-danger" in response.text:
                response.failure(f"{op} refused")
                self.rest()
            self.csrf = CSRF.search(response.text)[1]
            self.days = days_of(response.text)

    @task
    def log_in(self):
        page = self.client.get("/web/login", name="login page")
        response = self.client.post(
            "/web/login",
            data={
                "login": self.login,
                "password": self.login,
                "csrf_token": CSRF.search(page.text)[1],
                "redirect": "/my/cra",
            },
            name="log in",
        )
        links = REPORT_LINK.findall(response.text)
        if not links:
            self.rest()
        self.report = links[0]

    @task
    def open_month(self):
        page = self.client.get(f"/my/cra/{self.report}", name="open the month")
        self.csrf = CSRF.search(page.text)[1]

    @task
    def fill(self):
        self._form("fill working days", "fill")

    @task
    def save(self):
        self._form("save", "save", self.days)

    @task
    def submit(self):
        self._form("submit", "submit", self.days)
        self.rest()

    @staticmethod
    def rest():
        """Done (or stuck) for this month: idle until the run ends. A stopped user would be replaced
        by a new one, which would log in as a consultant that does not exist."""
        while True:
            time.sleep(60)  # Locust's gevent makes this a cooperative sleep


class Consultant(HttpUser):
    tasks = [MonthEnd]
    wait_time = between(1, 3)
