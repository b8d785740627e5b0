"""The portal's month-end rush, for Locust (scripts/load_test runs it headless): each simulated
consultant logs in (password in ESN_LOAD_PASSWORD; a refused login is a failure), opens their
month (/my/cra/month/<month>, the month in ESN_LOAD_MONTH), fills its working days, saves it and
submits it, once."""

import itertools
import os
import re
import time

from locust import HttpUser, SequentialTaskSet, between, task

MONTH = os.environ.get("ESN_LOAD_MONTH", "")
PASSWORD = os.environ.get("ESN_LOAD_PASSWORD", "")
CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
# a day of the grid: its cell's classes, then its select '<report id>:day_<date>'
DAY_CELL = re.compile(r'<td class="([^"]*o_esn_cra_cell[^"]*)"[^>]*>\s*<select[^>]*name="(\d+:day_[\d-]+)"')
LOGINS = itertools.count()


def working_days(page):
    """The month as the consultant fills it: a day on each working day of each editable report."""
    return {name: "1" if "o_esn_cra_off" not in classes else "0" for classes, name in DAY_CELL.findall(page)}


class MonthEnd(SequentialTaskSet):
    def on_start(self):
        self.login = f"load{next(LOGINS)}"
        self.csrf = None
        self.days = {}

    def _post(self, name, op):
        data = {"csrf_token": self.csrf, "op": op, **self.days}
        url = f"/my/cra/month/{MONTH}"
        with self.client.post(url, data=data, name=name, catch_response=True) as response:
            if response.status_code != 200 or "alert-danger" in response.text:
                response.failure(f"{op} refused")
                self.rest()
            self.csrf = CSRF.search(response.text)[1]

    @task
    def log_in(self):
        page = self.client.get("/web/login", name="login page")
        data = {
            "login": self.login,
            "password": PASSWORD,
            "csrf_token": CSRF.search(page.text)[1],
            "redirect": "/my",
        }
        with self.client.post("/web/login", data=data, name="log in", catch_response=True) as response:
            # a refused login answers 200 with the login form again
            if (
                response.status_code != 200
                or not response.url.endswith("/my")
                or "oe_login_form" in response.text
            ):
                response.failure("login refused")
                self.rest()

    @task
    def open_month(self):
        page = self.client.get(f"/my/cra/month/{MONTH}", name="open the month")
        self.days = working_days(page.text)
        if not self.days:
            self.rest()
        self.csrf = CSRF.search(page.text)[1]

    @task
    def save(self):
        self._post("save", "save")

    @task
    def submit(self):
        self._post("submit", "submit")
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
