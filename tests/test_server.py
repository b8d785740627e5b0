"""The served suite, seen from outside: login page, demo logins, ESN menu over XML-RPC and JSON-RPC."""

import urllib.request
import xmlrpc.client

import pytest
from api_example import JsonRpcClient


def test_login_page_served(server):
    with urllib.request.urlopen(f"{server['url']}/web/login", timeout=60) as response:
        assert response.status == 200
        assert b'name="login"' in response.read()


def test_xmlrpc_version_is_odoo_18(server):
    common = xmlrpc.client.ServerProxy(f"{server['url']}/xmlrpc/2/common")
    assert common.version()["server_version_info"][0] == 18


def test_demo_back_office_login_sees_esn_menu_in_french(server):
    manager = JsonRpcClient(server["url"], server["db"], "claire", "claire")
    context = manager.call("res.users", "context_get")
    assert context["lang"] == "fr_FR"
    menus = manager.call(
        "ir.ui.menu",
        "search_read",
        [("parent_id", "=", False), ("name", "=", "ESN")],
        fields=["name", "child_id"],
        context=context,
    )
    assert len(menus) == 1
    children = manager.call("ir.ui.menu", "read", menus[0]["child_id"], fields=["name"], context=context)
    assert {"Ressources", "Conformité"} <= {menu["name"] for menu in children}


def test_wrong_password_refused(server):
    common = xmlrpc.client.ServerProxy(f"{server['url']}/xmlrpc/2/common")
    assert common.authenticate(server["db"], "claire", "not-the-password", {}) is False


@pytest.mark.parametrize("login", ["claire", "julien"])
def test_demo_users_exist(server, login):
    common = xmlrpc.client.ServerProxy(f"{server['url']}/xmlrpc/2/common")
    assert common.authenticate(server["db"], login, login, {})


def test_demo_consultant_portal_login(server):
    common = xmlrpc.client.ServerProxy(f"{server['url']}/xmlrpc/2/common")
    uid = common.authenticate(server["db"], "consultant", "consultant", {})
    assert uid
    models = xmlrpc.client.ServerProxy(f"{server['url']}/xmlrpc/2/object")
    [user] = models.execute_kw(
        server["db"], uid, "consultant", "res.users", "read", [[uid]], {"fields": ["share"]}
    )
    assert user["share"], "the demo consultant is a portal user"
    # a prestataire's portal user reads its own compliance documents, nobody else's
    documents = models.execute_kw(
        server["db"],
        uid,
        "consultant",
        "esn.compliance.document",
        "search_read",
        [[]],
        {"fields": ["partner_id"]},
    )
    assert documents
    assert {doc["partner_id"][1] for doc in documents} == {"Sophie Bernard EI"}
