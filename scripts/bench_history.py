"""`scripts/bench --history`: the screens on a year of data.

Builds once, in a database of its own kept for the next runs, a year of month ends: 2,000
consultants (a fifth external) on missions at 200 clients, the twelve months before this one
generated, declared, submitted and validated through the suite, all but the last invoiced, billed
and posted (the last one is the month end in progress). Then
starts an Odoo server on it and times, over HTTP as the web client and the browser call them, what
each back-office screen asks the server (as an administrator) and the portal pages of a consultant
with a year of reports: the first call, then the median of three more.
"""

import datetime
import re
import statistics
import time

import esn_env
from bench_world import complete_bills, identify_company, world

DB = "esn_bench_history"
BUILT_PARAMETER = "esn_bench.history_consultants"
PORTAL_LOGIN = "history-consultant"
PASSWORD = "esn-bench-history"
TARGET_SECONDS = 1.0


def year_months(today):
    first = today.replace(day=1)
    months = []
    for _ in range(12):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
        months.insert(0, first)
    return months


def build(source_db, consultants):
    """The year of month ends in `DB`, from a copy of the benchmark's database; nothing when built."""
    import odoo  # noqa: PLC0415

    if esn_env.database_exists(DB):
        registry = odoo.modules.registry.Registry(DB)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            if env["ir.config_parameter"].get_param(BUILT_PARAMETER) == str(consultants):
                return
        odoo.sql_db.close_all()
        esn_env.drop_database(DB)
    esn_env.copy_database(source_db, DB)
    registry = odoo.modules.registry.Registry(DB)
    months = year_months(datetime.date.today())
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        identify_company(env)
        print(f"building a year of month ends for {consultants} consultants in {DB}...", flush=True)
        _clients, employees, missions = world(env, consultants, "h", date_start=months[0])
        user = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": employees[0].name,
                    "login": PORTAL_LOGIN,
                    "password": PASSWORD,
                    "groups_id": [(6, 0, [env.ref("base.group_portal").id])],
                }
            )
        )
        employees[0].esn_login_user_id = user
        cr.commit()
        Cra = env["esn.cra"].with_context(esn_month_end_job=True)
        for first in months:
            started = time.perf_counter()
            month = first.strftime("%Y-%m")
            last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
            cras = Cra._generate_for(missions, month)
            cr.commit()
            for cra in cras:
                days = {
                    line.date.isoformat(): 1
                    for line in cra.line_ids
                    if line.day_kind == "working" and line.available
                }
                Cra.set_days(cra.mission_id.name, month, days)
            cr.commit()
            cras.action_submit()
            cras.action_validate()
            cr.commit()
            moves = env["account.move"]
            if first != months[-1]:  # last month is validated, to invoice: the month end in progress
                moves = moves.browse(cras.action_create_invoices(invoice_date=last, bill_date=last))
                complete_bills(moves, f"HISTORY-{month}", last)
                moves.action_post()
                cr.commit()
            env.invalidate_all()
            print(
                f"  {month}: {len(cras)} reports, {len(moves)} invoices and bills, "
                f"{time.perf_counter() - started:.0f} s",
                flush=True,
            )
        env["esn.dashboard.consultant"]._refresh_recent(force=True)
        env["ir.config_parameter"].set_param(BUILT_PARAMETER, str(consultants))
        cr.commit()
    odoo.sql_db.close_all()


class Client:
    """A browser's session on the server: JSON-RPC as the web client, pages as the portal."""

    def __init__(self, url, login, password):
        import requests  # noqa: PLC0415

        self.url, self.session = url, requests.Session()
        self._json("/web/session/authenticate", {"db": DB, "login": login, "password": password})

    def _json(self, path, params):
        response = self.session.post(
            f"{self.url}{path}", json={"jsonrpc": "2.0", "method": "call", "params": params}
        )
        response.raise_for_status()
        answer = response.json()
        if "error" in answer:
            esn_env.fail(f"{path}: {answer['error']['data']['message']}")
        return answer["result"]

    def call(self, model, method, *args, **kwargs):
        return self._json(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def page(self, path):
        response = self.session.get(f"{self.url}{path}")
        response.raise_for_status()
        if "oe_login_form" in response.text:
            esn_env.fail(f"{path}: the portal asked to log in again")
        return response.text

    def view(self, model, view_type):
        """The fields a view reads, as the web client's specification (a display name for relations)."""
        views = self.call(model, "get_views", views=[[False, view_type]], options={})
        arch = views["views"][view_type]["arch"]
        fields = views["models"][model]["fields"]
        return arch, {
            name: {"fields": {"display_name": {}}}
            if field["type"] in ("many2one", "many2many", "one2many")
            else {}
            for name, field in fields.items()
        }

    def pivot(self, model, domain):
        """The read_group calls of a pivot view opened on its arch's rows, columns and measures."""
        arch, _spec = self.view(model, "pivot")

        def groupby(kind):
            return [
                f"{name}:{interval}" if interval else name
                for name, interval in re.findall(
                    rf'<field name="(\w+)"(?: interval="(\w+)")? type="{kind}"', arch
                )
            ]

        rows, cols = groupby("row"), groupby("col")
        measures = re.findall(r'<field name="(\w+)" type="measure"', arch)
        for grouping in ([], rows, cols, rows + cols):
            self.call(model, "read_group", domain, measures, grouping, lazy=False)


def screens(admin, portal, months):
    """Each screen as the server sees it: (name, function doing the calls of opening it)."""
    last_month = months[-1].strftime("%Y-%m")
    dashboard_domain = [
        (
            "date",
            "in",
            [months[-1].isoformat(), (months[-1] + datetime.timedelta(days=40)).replace(day=1).isoformat()],
        )
    ]

    def dashboard():
        admin.call("esn.dashboard.month", "action_open_dashboard")
        _arch, spec = admin.view("esn.dashboard.month", "kanban")
        admin.call("esn.dashboard.month", "web_search_read", dashboard_domain, spec, limit=40)

    def reports_by_month():
        _arch, spec = admin.view("esn.cra", "list")
        groups = admin.call("esn.cra", "web_read_group", [], [], ["month"], limit=80, lazy=True)
        month = groups["groups"][0]["month"]
        admin.call("esn.cra", "web_search_read", [("month", "=", month)], spec, limit=80)

    def consultant_form():
        employee = admin.call("hr.employee", "search", [("esn_login_user_id.login", "=", PORTAL_LOGIN)])
        _arch, spec = admin.view("hr.employee", "form")
        admin.call("hr.employee", "web_read", employee, spec)

    def invoicing_preview():
        _arch, spec = admin.view("esn.month.end.invoicing", "form")
        spec["line_ids"] = {"fields": {"display_name": {}, "report_count": {}}}
        context = {"default_month": last_month}
        admin.call("esn.month.end.invoicing", "onchange", [], {}, [], spec, context=context)

    def portal_list():
        portal.page("/my/cra")

    def portal_month():
        portal.page(f"/my/cra/month/{last_month}")

    def portal_report():
        page = portal.page("/my/cra")
        portal.page("/my/cra/" + re.search(r'href="/my/cra/(\d+)', page)[1])

    return [
        ("dashboard: month tiles", dashboard),
        ("activity reports grouped by month", reports_by_month),
        ("margin report (pivot)", lambda: admin.pivot("esn.margin.report", [])),
        ("TACE (pivot)", lambda: admin.pivot("esn.dashboard.consultant", [("external", "=", False)])),
        ("invoicing preview of last month", invoicing_preview),
        ("a consultant's form", consultant_form),
        ("portal: my reports", portal_list),
        ("portal: my month", portal_month),
        ("portal: a report", portal_report),
    ]


def measure(consultants):
    """Times each screen on a server started on `DB`; prints the table and returns the slowest."""
    port = esn_env.free_port()
    server = esn_env.start_server(DB, port, "server-history.log", "--workers=0")
    url = f"http://127.0.0.1:{port}"
    try:
        if not esn_env.wait_for_http(f"{url}/web/login", server, timeout=180):
            esn_env.fail("the Odoo server did not start; see .logs/server-history.log")
        admin = Client(url, "admin", "admin")
        portal = Client(url, PORTAL_LOGIN, PASSWORD)
        months = year_months(datetime.date.today())
        print(f"\nscreens on a year of data ({consultants} consultants x 12 months), server time over HTTP")
        print(f"{'screen':38} {'first s':>8} {'median s':>9}")
        slowest = 0.0
        for name, open_screen in screens(admin, portal, months):
            timings = []
            for _ in range(4):
                started = time.perf_counter()
                open_screen()
                timings.append(time.perf_counter() - started)
            median = statistics.median(timings[1:])
            slowest = max(slowest, median)
            flag = "" if median <= TARGET_SECONDS else "  over the 1 s target"
            print(f"{name:38} {timings[0]:8.2f} {median:9.2f}{flag}", flush=True)
        return slowest
    finally:
        server.terminate()
        server.wait(timeout=60)
