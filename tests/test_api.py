"""Integrators over real HTTP: the documented examples (docs/API.md) over XML-RPC and JSON-RPC,
API keys, and errors an integrator can act on."""

import datetime
import xmlrpc.client

import esn_env
import pytest
from api_example import JsonRpcClient, RpcError, XmlRpcClient, month_end


def last_month():
    first = datetime.date.today().replace(day=1)
    return (first - datetime.timedelta(days=1)).strftime("%Y-%m")


@pytest.fixture(scope="module")
def admin(server):
    return JsonRpcClient(server["url"], server["db"], "admin", "admin")


@pytest.fixture(scope="module")
def consultant_key(server):
    """An API key of the demo portal consultant, made as Odoo's 'New API key' does."""
    import odoo  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(["-c", str(esn_env.CONFIG), f"--addons-path={esn_env.ADDONS}", "-d", server["db"]])
    registry = odoo.modules.registry.Registry(server["db"])
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        user = env["res.users"].search([("login", "=", "consultant")])
        return env(user=user)["res.users.apikeys"].sudo()._generate("rpc", "integration tests", None)


@pytest.mark.parametrize("client_class", [XmlRpcClient, JsonRpcClient])
def test_month_end_example(server, client_class):
    steps = []
    created = month_end(client_class(server["url"], server["db"], "admin", "admin"), say=steps.append)
    assert any("compliant" in step for step in steps)
    invoice = next(move for move in created["invoices"] if move["move_type"] == "out_invoice")
    bill = next(move for move in created["invoices"] if move["move_type"] == "in_invoice")
    # October 2026: 22 working days, the first one declared as a half day
    assert invoice["amount_untaxed"] == pytest.approx(21.5 * 650)
    assert invoice["amount_total"] == pytest.approx(21.5 * 650 * 1.2)
    assert bill["amount_untaxed"] == pytest.approx(21.5 * 500)
    assert invoice["ref"].startswith("PO-")


def test_invoicing_again_returns_nothing_new(server, admin):
    created = month_end(admin, say=lambda _line: None, month="2026-09")
    assert admin.call("esn.cra", "action_create_invoices", [created["cra"]]) == []


def _own_mission(admin):
    consultant = admin.call("res.users", "search", [("login", "=", "consultant")])
    return admin.call(
        "esn.mission",
        "search_read",
        [("employee_id.esn_login_user_id", "in", consultant), ("state", "=", "active")],
        fields=["name"],
        limit=1,
    )[0]["name"]


def test_portal_consultant_api_key_sets_own_days_only(server, admin, consultant_key):
    client = XmlRpcClient(server["url"], server["db"], "consultant", consultant_key)
    own = _own_mission(admin)
    month = last_month()
    first_weekday = next(
        day
        for day in (datetime.date.fromisoformat(f"{month}-01") + datetime.timedelta(days=n) for n in range(7))
        if day.weekday() < 5
    )
    cra = client.call("esn.cra", "set_days", own, month, {first_weekday.isoformat(): 1})
    [row] = client.call("esn.cra", "read", [cra], fields=["total_days", "state"])
    assert row["state"] in ("draft", "rejected")
    other = admin.call(
        "esn.mission",
        "search_read",
        [("name", "!=", own), ("state", "=", "active")],
        fields=["name"],
        limit=1,
    )[0]["name"]
    with pytest.raises(xmlrpc.client.Fault, match="Unknown mission reference"):
        client.call("esn.cra", "set_days", other, month, {first_weekday.isoformat(): 1})
    with pytest.raises(xmlrpc.client.Fault, match="Only ESN managers can validate"):
        client.call("esn.cra", "action_validate", [cra])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("MIS/1999/0001", "2026-10", {}), "Unknown mission reference 'MIS/1999/0001'"),
        ((None, "2026-10", {}), "mission_ref must be a mission reference"),
        (("{mission}", "2026/10", {}), "month '2026/10' is not a month: use the YYYY-MM format"),
        (("{mission}", "2026-10", [["2026-10-05", 1]]), "days must be a mapping"),
        (("{mission}", "2026-10", {"2026-10-05": 2}), "2026-10-05: a day is declared as 0, 0.5 or 1"),
        (("{mission}", "2026-10", {"2026-10-05": "1"}), "a day is declared as 0, 0.5 or 1"),
        (("{mission}", "2026-10", {"05/10/2026": 1}), "'05/10/2026' is not a date"),
        (("{mission}", "2026-10", {"2026-11-02": 1}), "2026-11-02: not days of"),
    ],
)
def test_bad_input_is_refused_with_nothing_written(server, admin, args, message):
    mission = _own_mission(admin)
    args = tuple(mission if arg == "{mission}" else arg for arg in args)
    before = admin.call("esn.cra", "search_read", [("mission_id.name", "=", mission)], fields=["total_days"])
    with pytest.raises(RpcError) as caught:
        admin.call("esn.cra", "set_days", *args)
    assert caught.value.name == "odoo.exceptions.ValidationError"
    assert message in caught.value.message
    after = admin.call("esn.cra", "search_read", [("mission_id.name", "=", mission)], fields=["total_days"])
    assert after == before
