"""Attacks on the activity report's trust boundaries, through the real HTTP, JSON-RPC and XML-RPC
layers: only the client answers for the client, and workflow fields move only through actions."""

import xmlrpc.client
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, JsonRpcException, get_db_name, new_test_user, tagged

from odoo.addons.esn_base.tests.common import EsnTestMixin

from .common import SIGNATURE, TODAY, CraSetupMixin, validated_in_another_company


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCraTrust(EsnTestMixin, CraSetupMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_cra_world()
        cls.validator_user = new_test_user(
            cls.env, "cra_client_validator", groups="base.group_portal", partner_id=cls.client_validator.id
        )
        colleague = cls.env["res.partner"].create(
            {"name": "Other Client Contact", "parent_id": cls.client.id}
        )
        cls.colleague_user = new_test_user(
            cls.env, "cra_client_colleague", groups="base.group_portal", partner_id=colleague.id
        )
        cls.esn_user = new_test_user(cls.env, "cra_esn_user", groups="esn_base.group_esn_user")
        cls.mission.write({"client_approval_required": True, "client_validator_id": cls.client_validator.id})
        cls.cra._set_days({"2026-10-05": 1, "2026-10-06": 0.5})
        cls.cra.action_submit()
        cls.cra.with_user(cls.manager).action_validate()
        cls.token = cls.cra.sudo().client_token

    def assertStillPending(self):
        self.cra.invalidate_recordset()
        self.assertEqual((self.cra.state, self.cra.client_state), ("validated", "pending"))
        self.assertFalse(self.cra.client_signatory)
        self.assertFalse(self.cra.client_answered_on)
        self.assertFalse(self.cra.client_signature)
        self.assertFalse(self.cra.timesheet_ids)
        self.assertEqual(self.cra.sudo().client_token, self.token, "the client's link still works")

    def _xmlrpc(self, login, model, method, *args, **kwargs):
        uid = self.xmlrpc_common.authenticate(get_db_name(), login, login, {})
        return self.xmlrpc_object.execute_kw(get_db_name(), uid, login, model, method, list(args), kwargs)

    def _approve(self, token=None):
        """The signature form's call on the report's approval route; its error, if any."""
        url = f"/my/cra/{self.cra.id}/approve" + ("" if token is None else f"?token={token}")
        return self.make_jsonrpc_request(url, {"name": "Paul Client", "signature": SIGNATURE}).get("error")

    def test_no_esn_user_reads_the_clients_link(self):
        """Odoo lets internal users preview a template or open the composer on a record they read,
        and read the messages they wrote: none of it shows the client's token."""
        template = self.env.ref("esn_cra.mail_template_cra_client_request")
        review_url = f"/my/cra/{self.cra.id}/review"
        for login in ("cra_esn_user", "cra_manager"):
            self.authenticate(login, login)
            with self.subTest(login=login):
                preview = self.call_kw(
                    "mail.template.preview",
                    "create",
                    {"mail_template_id": template.id, "resource_ref": f"esn.cra,{self.cra.id}"},
                )
                [rendered] = self.call_kw("mail.template.preview", "read", [preview], ["body_html"])
                self.assertIn(review_url, rendered["body_html"])
                self.assertNotIn(self.token, rendered["body_html"])
                composer = self.call_kw(
                    "mail.compose.message",
                    "create",
                    {
                        "model": "esn.cra",
                        "res_ids": [self.cra.id],
                        "template_id": template.id,
                        "composition_mode": "comment",
                    },
                )
                [composed] = self.call_kw("mail.compose.message", "read", [composer], ["body"])
                self.assertIn(review_url, composed["body"])
                self.assertNotIn(self.token, composed["body"])
                found = self.call_kw("mail.message", "search_read", [("body", "ilike", self.token)], ["id"])
                self.assertEqual(found, [])
        # the e-mail to the client carries it, from nobody's name
        [sent] = self.env["mail.mail"].search([("body_html", "ilike", self.token)])
        self.assertEqual(sent.author_id, self.env.ref("base.partner_root"))
        self.assertEqual(sent.recipient_ids, self.client_validator)

    def test_a_manager_answers_for_no_client_of_another_company(self):
        theirs = validated_in_another_company(self.mission, {"2026-10-05": 1})
        self.authenticate("cra_manager", "cra_manager")
        for method, args in (
            ("action_client_approve", ([theirs.id],)),
            ("action_client_refuse", ([theirs.id], "Not our client")),
        ):
            with self.subTest(method=method), self.assertRaisesRegex(JsonRpcException, "AccessError"):
                self.call_kw("esn.cra", method, *args)
        theirs.invalidate_recordset()
        self.assertEqual((theirs.state, theirs.client_state), ("validated", "pending"))
        self.assertFalse(theirs.client_answer_user_id)
        self.assertFalse(theirs.timesheet_ids)

    def test_consultant_cannot_approve_without_the_clients_link(self):
        self.authenticate("cra_consultant", "cra_consultant")
        for token in (None, "", self.cra.access_token, self.token[:-1]):
            with self.subTest(token=token):
                self.assertIn("not valid", self._approve(token))
        self.assertStillPending()

    def test_consultant_cannot_use_a_leaked_link(self):
        self.authenticate("cra_consultant", "cra_consultant")
        self.assertIn("cannot answer for the client", self._approve(self.token))
        self.assertStillPending()

    def test_esn_user_cannot_approve(self):
        self.authenticate("cra_esn_user", "cra_esn_user")
        self.assertIn("not valid", self._approve())
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call_kw("esn.cra", "action_client_approve", [self.cra.id])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call_kw("esn.cra", "action_client_refuse", [self.cra.id], "forged")
        self.assertStillPending()

    def test_nobody_but_odoo_administrators_reads_the_clients_link(self):
        for login in ("cra_consultant", "cra_esn_user", "cra_manager", "cra_client_validator"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                with self.assertRaisesRegex(JsonRpcException, "AccessError"):
                    self.call_kw("esn.cra", "read", [self.cra.id], ["client_token"])
                with self.assertRaisesRegex(JsonRpcException, "AccessError"):
                    self.call_kw("esn.cra", "search", [("client_token", "=", self.token)])
                with self.assertRaisesRegex(xmlrpc.client.Fault, "AccessError|not have enough rights"):
                    self._xmlrpc(login, "esn.cra", "read", [self.cra.id], fields=["client_token"])
        # the e-mail that carries it is not in the report's history either
        self.authenticate("cra_manager", "cra_manager")
        bodies = self.call_kw(
            "mail.message", "search_read", [("model", "=", "esn.cra"), ("res_id", "=", self.cra.id)], ["body"]
        )
        self.assertNotIn(self.token, " ".join(message["body"] for message in bodies))

    def test_workflow_fields_refused_over_rpc(self):
        forged = {
            "state": "invoiced",
            "client_state": "approved",
            "client_signatory": "Paul Client",
            "client_answered_on": "2026-11-01 10:00:00",
            "client_signature": SIGNATURE,
            "validated_by_id": self.esn_user.id,
            "month": "2026-09",
            "mission_id": self.mission.id,
            "employee_id": self.esn_user.employee_id.id or False,
            "total_days": 30,
        }
        self.authenticate("cra_esn_user", "cra_esn_user")
        for name, value in forged.items():
            with self.subTest(field=name), self.assertRaisesRegex(JsonRpcException, "UserError|AccessError"):
                self.call_kw("esn.cra", "write", [self.cra.id], {name: value})
        for name, value in forged.items():
            with self.subTest(protocol="xmlrpc", field=name), self.assertRaises(xmlrpc.client.Fault):
                self._xmlrpc("cra_manager", "esn.cra", "write", [self.cra.id], {name: value})
        with self.assertRaisesRegex(JsonRpcException, "UserError"):
            self.call_kw(
                "esn.cra", "create", {"mission_id": self.mission.id, "month": "2026-09", "state": "validated"}
            )
        self.assertStillPending()
        self.assertEqual((self.cra.month, self.cra.total_days), ("2026-10", 1.5))
        self.assertFalse(
            self.env["esn.cra"].search([("mission_id", "=", self.mission.id), ("month", "=", "2026-09")])
        )

    def test_client_validator_answers_with_own_session(self):
        self.authenticate("cra_client_colleague", "cra_client_colleague")
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call_kw("esn.cra", "action_client_approve", [self.cra.id])
        self.assertStillPending()
        self.authenticate("cra_client_validator", "cra_client_validator")
        [row] = self.call_kw("esn.cra", "read", [self.cra.id], ["display_name", "total_days"])
        self.assertEqual(row["total_days"], 1.5)
        self.assertIn(self.mission.name, row["display_name"])
        self.call_kw("esn.cra", "action_client_approve", [self.cra.id])
        self.cra.invalidate_recordset()
        self.assertEqual(self.cra.client_state, "approved")
        self.assertEqual(self.cra.client_answer_user_id, self.validator_user)
        self.assertEqual(self.cra.timesheet_ids.mapped("unit_amount"), [1.5 * 8])

    def test_client_validator_reads_what_the_approval_page_shows(self):
        """Over RPC the validator reads the report, not the ESN's side of it: who subcontracts the
        consultant, who validated, the portal's access token, the answers' trail."""
        self.cra.sudo()._portal_ensure_token()
        self.authenticate("cra_client_validator", "cra_client_validator")
        for name in (
            "supplier_id",
            "validated_by_id",
            "access_token",
            "client_ip",
            "client_answer_user_id",
            "timesheet_ids",
            "client_token",
        ):
            with self.subTest(field=name), self.assertRaisesRegex(JsonRpcException, "AccessError"):
                self.call_kw("esn.cra", "read", [self.cra.id], [name, "total_days"])
        [row] = self.call_kw("esn.cra", "read", [self.cra.id])
        self.assertEqual(row["total_days"], 1.5)
        self.assertFalse({"supplier_id", "validated_by_id", "access_token", "client_ip"} & set(row))
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call_kw("esn.cra", "search", [("access_token", "=", self.cra.sudo().access_token)])

    def test_expired_link_answers_nothing(self):
        expired = fields.Datetime.now() - timedelta(minutes=1)
        self.cra.sudo()._workflow_write({"client_token_expiry": expired})
        self.assertEqual(self.url_open(f"/my/cra/{self.cra.id}/review?token={self.token}").status_code, 404)
        self.assertIn("not valid", self._approve(self.token))
        self.cra.invalidate_recordset()
        self.assertEqual(self.cra.client_state, "pending")
        self.assertFalse(self.cra.timesheet_ids)

    def test_a_reminder_extends_the_link(self):
        before = self.cra.sudo().client_token_expiry
        with freeze_time(TODAY + timedelta(days=1)):
            self.env["esn.cra"]._cron_remind()
        self.assertEqual(self.cra.sudo().client_token, self.token, "the first e-mail's link still works")
        self.assertGreater(self.cra.sudo().client_token_expiry, before)

    def test_rejection_kills_the_link(self):
        self.cra.with_user(self.manager).action_reject("Wrong days")
        self.assertFalse(self.cra.sudo().client_token)
        self.assertEqual(self.url_open(f"/my/cra/{self.cra.id}/review?token={self.token}").status_code, 404)

    def test_consultant_downloads_the_pdf(self):
        self.authenticate("cra_consultant", "cra_consultant")
        response = self.url_open(f"/my/cra/{self.cra.id}/pdf")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("Cra_Consultant_2026_10.pdf", response.headers["Content-Disposition"])
