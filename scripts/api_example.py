#!/usr/bin/env python3
"""The integrator's month, over Odoo's external API, with Python's standard library only.

Against a running server (scripts/serve): create a prestataire and upload its compliance
documents, create a mission, declare a month's days with esn.cra.set_days, submit, validate,
invoice, and read the invoice back. Over XML-RPC by default, JSON-RPC with --jsonrpc.

    python3 scripts/api_example.py --url http://localhost:8069 --db esn_demo --login admin --password admin
"""

import argparse
import base64
import datetime
import json
import urllib.request
import uuid
import xmlrpc.client

SAMPLE_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class XmlRpcClient:
    """execute_kw over /xmlrpc/2: the password may be an Odoo API key."""

    def __init__(self, url, db, login, password):
        self.db, self.password = db, password
        self.uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").authenticate(db, login, password, {})
        if not self.uid:
            raise PermissionError(f"login {login!r} refused")
        self.models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def call(self, model, method, *args, **kwargs):
        return self.models.execute_kw(self.db, self.uid, self.password, model, method, list(args), kwargs)


class JsonRpcClient:
    """The same calls over /jsonrpc with urllib."""

    def __init__(self, url, db, login, password):
        self.url, self.db, self.password = url, db, password
        self.uid = self._rpc("common", "login", db, login, password)
        if not self.uid:
            raise PermissionError(f"login {login!r} refused")

    def _rpc(self, service, method, *args):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": str(uuid.uuid4()),
            "params": {"service": service, "method": method, "args": args},
        }
        request = urllib.request.Request(
            f"{self.url}/jsonrpc", json.dumps(payload).encode(), {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            answer = json.load(response)
        if "error" in answer:
            error = answer["error"]["data"]
            raise RpcError(error["name"], error["message"])
        return answer["result"]

    def call(self, model, method, *args, **kwargs):
        return self._rpc(
            "object", "execute_kw", self.db, self.uid, self.password, model, method, list(args), kwargs
        )


class RpcError(Exception):
    """A JSON-RPC error: the exception's class name (odoo.exceptions.ValidationError…) and message."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name, self.message = name, message


def month_end(client, say=print, month="2026-10"):
    """The whole flow; returns what it created, by name."""
    suffix = uuid.uuid4().hex[:6]
    created = {}

    # a freelance prestataire, its required documents uploaded and validated by the back-office
    supplier = client.call(
        "res.partner",
        "create",
        {
            "name": f"API Freelance {suffix} EI",
            "is_company": True,
            "esn_contractor_kind": "freelance",
            "siret": "73282932000074",
            "email": f"freelance-{suffix}@example.com",
        },
    )
    say(f"prestataire {supplier} created")
    types = client.call(
        "esn.compliance.document.type",
        "search_read",
        [("code", "in", ["urssaf_vigilance", "kbis", "rc_pro"])],
        fields=["code", "validity_months"],
    )
    today = datetime.date.today()
    # each attestation prints its own security code: one already on another contractor's is a copy
    code = uuid.uuid4().hex[:15].upper()
    for doc_type in types:
        values = {
            "partner_id": supplier,
            "type_id": doc_type["id"],
            "issue_date": today.isoformat(),
            "file": base64.b64encode(SAMPLE_PDF).decode(),
            "file_name": f"{doc_type['code']}.pdf",
            "verification_code": code if doc_type["code"] == "urssaf_vigilance" else False,
        }
        if not doc_type["validity_months"]:
            values["expiry_date"] = (today + datetime.timedelta(days=365)).isoformat()
        document = client.call("esn.compliance.document", "create", values)
        if doc_type["code"] == "urssaf_vigilance":
            # checked on the URSSAF site by the reviewer, who states it
            client.call("esn.compliance.document", "action_check_code", [document])
        client.call("esn.compliance.document", "action_validate", [document])
    [partner] = client.call("res.partner", "read", [supplier], fields=["esn_compliance_state"])
    say(f"compliance documents uploaded and validated: {partner['esn_compliance_state']}")
    created["supplier"] = supplier

    # the consultant it provides, a client, and the mission
    consultant = client.call(
        "hr.employee",
        "create",
        {
            "name": f"API Consultant {suffix}",
            "employee_type": "freelance",
            "esn_supplier_id": supplier,
        },
    )
    customer = client.call("res.partner", "create", {"name": f"API Client {suffix}", "is_company": True})
    mission = client.call(
        "esn.mission",
        "create",
        {
            "partner_id": customer,
            "employee_id": consultant,
            "date_start": f"{month}-01",
            "date_end": f"{int(month[:4]) + 1}-03-31",
            "sell_rate": 650.0,
            "buy_rate": 500.0,
            "client_po": f"PO-{suffix}",
        },
    )
    client.call("esn.mission", "action_activate", [mission])
    [mission_data] = client.call("esn.mission", "read", [mission], fields=["name", "state"])
    say(f"mission {mission_data['name']} {mission_data['state']}")
    created.update(
        consultant=consultant, customer=customer, mission=mission, mission_ref=mission_data["name"]
    )

    # the month's days, then submission, validation and invoicing
    first = datetime.date.fromisoformat(f"{month}-01")
    days = {}
    for offset in range(31):
        day = first + datetime.timedelta(days=offset)
        if day.month == first.month and day.weekday() < 5:
            days[day.isoformat()] = 1
    days[min(days)] = 0.5
    cra = client.call("esn.cra", "set_days", mission_data["name"], month, days)
    client.call("esn.cra", "action_submit", [cra])
    client.call("esn.cra", "action_validate", [cra])
    [cra_data] = client.call("esn.cra", "read", [cra], fields=["total_days", "state"])
    say(f"activity report {cra} {cra_data['state']}: {cra_data['total_days']} days")
    moves = client.call("esn.cra", "action_create_invoices", [cra])
    invoices = client.call(
        "account.move",
        "read",
        moves,
        fields=["move_type", "partner_id", "amount_untaxed", "amount_total", "ref"],
    )
    for move in invoices:
        say(
            f"{move['move_type']} for {move['partner_id'][1]}: {move['amount_untaxed']} excl. VAT, "
            f"{move['amount_total']} incl. VAT (ref {move['ref']})"
        )
    created.update(cra=cra, moves=moves, invoices=invoices)
    return created


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="esn_demo")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin", help="password or API key")
    parser.add_argument("--jsonrpc", action="store_true", help="JSON-RPC instead of XML-RPC")
    parser.add_argument("--month", default="2026-10")
    args = parser.parse_args()
    client_class = JsonRpcClient if args.jsonrpc else XmlRpcClient
    month_end(client_class(args.url, args.db, args.login, args.password), month=args.month)


if __name__ == "__main__":
    main()
