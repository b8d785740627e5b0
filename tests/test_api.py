"""Integrators over real HTTP: the documented examples (docs/API.md) over XML-RPC and JSON-RPC,
API keys, and errors an integrator can act on."""

import uuid
import xmlrpc.client

import esn_env
import pytest
from api_example import JsonRpcClient, RpcError, XmlRpcClient, month_end


@pytest.fixture(scope="module")
def admin(server):
    return JsonRpcClient(server["url"], server["db"], "admin", "admin")


@pytest.fixture(scope="module")
def consultant(server, admin):
    """A portal consultant with an API key, on an active mission from October 2026, and another
    consultant's mission at the same client: made here, nothing read from the demo."""
    suffix = uuid.uuid4().hex[:6]
    [portal] = admin.call(
        "ir.model.data",
        "search_read",
        [("module", "=", "base"), ("name", "=", "group_portal")],
        fields=["res_id"],
    )
    login = f"api-consultant-{suffix}"
    user = admin.call(
        "res.users",
        "create",
        {"name": f"API Consultant {suffix}", "login": login, "groups_id": [(6, 0, [portal["res_id"]])]},
    )
    client = admin.call("res.partner", "create", {"name": f"API Client {suffix}", "is_company": True})
    missions = []
    for name, login_user in ((f"API Consultant {suffix}", user), (f"API Colleague {suffix}", False)):
        employee = admin.call("hr.employee", "create", {"name": name, "esn_login_user_id": login_user})
        mission = admin.call(
            "esn.mission",
            "create",
            {
                "partner_id": client,
                "employee_id": employee,
                "date_start": "2026-10-01",
                "date_end": "2027-03-31",
                "sell_rate": 600.0,
                "buy_rate": 300.0,
            },
        )
        admin.call("esn.mission", "action_activate", [mission])
        [mission_data] = admin.call("esn.mission", "read", [mission], fields=["name"])
        missions.append(mission_data["name"])
    return {
        "login": login,
        "key": _api_key(server, login),
        "mission": missions[0],
        "other_mission": missions[1],
    }


def _api_key(server, login):
    """An API key of the user `login`, made as Odoo's 'New API key' does."""
    import odoo  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(["-c", str(esn_env.CONFIG), f"--addons-path={esn_env.ADDONS}", "-d", server["db"]])
    registry = odoo.modules.registry.Registry(server["db"])
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        user = env["res.users"].search([("login", "=", login)])
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


def test_portal_consultant_api_key_sets_own_days_only(server, consultant):
    client = XmlRpcClient(server["url"], server["db"], consultant["login"], consultant["key"])
    cra = client.call("esn.cra", "set_days", consultant["mission"], "2026-10", {"2026-10-01": 1})
    [row] = client.call("esn.cra", "read", [cra], fields=["total_days", "state"])
    assert (row["state"], row["total_days"]) == ("draft", 1)
    with pytest.raises(xmlrpc.client.Fault, match="Unknown mission reference"):
        client.call("esn.cra", "set_days", consultant["other_mission"], "2026-10", {"2026-10-01": 1})
    with pytest.raises(xmlrpc.client.Fault, match="Only ESN managers, and the account manager of a report"):
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
def test_bad_input_is_refused_with_nothing_written(admin, consultant, args, message):
    mission = consultant["mission"]
    args = tuple(mission if arg == "{mission}" else arg for arg in args)
    before = admin.call("esn.cra", "search_read", [("mission_id.name", "=", mission)], fields=["total_days"])
    with pytest.raises(RpcError) as caught:
        admin.call("esn.cra", "set_days", *args)
    assert caught.value.name == "odoo.exceptions.ValidationError"
    assert message in caught.value.message
    after = admin.call("esn.cra", "search_read", [("mission_id.name", "=", mission)], fields=["total_days"])
    assert after == before
