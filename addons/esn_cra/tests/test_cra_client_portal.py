"""The client validator on the portal, through real HTTP: the reports awaiting their answer, approved
together with one drawn signature; nobody else approves them, and the e-mailed link signs too."""

import base64
from datetime import datetime
from urllib.parse import urlencode

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from odoo.addons.esn_base.tests.common import EsnTestMixin

from .common import SIGNATURE, TODAY, CraSetupMixin


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCraClientPortal(EsnTestMixin, CraSetupMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_cra_world()
        cls._setup_reports_to_approve()

    def _approve(self, cra_ids, signature=SIGNATURE, name="Paul Client"):
        """The signature form's call for these reports; its error, if any."""
        url = "/my/cra/approvals/approve?" + urlencode({"cra_ids": cra_ids}, doseq=True)
        return self.make_jsonrpc_request(url, {"name": name, "signature": signature}).get("error")

    def assertNothingAnswered(self):
        reports = self.cras | self.colleague_cra
        reports.invalidate_recordset()
        self.assertEqual(set(reports.mapped("client_state")), {"pending"})
        self.assertFalse(any(reports.mapped("client_signature")))
        self.assertFalse(any(reports.mapped("client_answered_on")))
        self.assertFalse(reports.timesheet_ids)

    def test_validator_approves_three_reports_with_one_signature(self):
        self.authenticate("cra_client_validator", "cra_client_validator")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["cra_approval_count", "cra_count"]}
        )
        self.assertEqual(counters, {"cra_approval_count": 3, "cra_count": 0})
        listing = self.url_open("/my/cra/approvals")
        for cra in self.cras:
            self.assertIn(f'value="{cra.id}"', listing.text)
        self.assertNotIn(f'value="{self.colleague_cra.id}"', listing.text)

        page = self.url_open("/my/cra/approvals/sign?" + urlencode({"cra_ids": self.cras.ids}, doseq=True))
        self.assertEqual(page.text.count("o_esn_cra_summary"), 3)
        for expected in (
            self.env.company.name,
            "Client Corp",
            self.mission.name,
            "Monday",
            f"I certify that Cra Consultant performed 1.5 day(s) of work under mission {self.mission.name} "
            "for Client Corp in October 2026.",
            f"/my/cra/{self.cra.id}/pdf",
            "o_esn_cra_approve",
        ):
            self.assertIn(expected, page.text)
        pdf = self.url_open(f"/my/cra/{self.cra.id}/pdf")
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")

        self.assertIsNone(self._approve(self.cras.ids))
        for cra in self.cras:
            self.assertEqual((cra.state, cra.client_state), ("validated", "approved"))
            self.assertEqual(cra.client_signatory, "Paul Client")
            self.assertEqual(cra.client_signature.decode(), SIGNATURE)
            self.assertEqual(cra.client_answer_user_id, self.validator_user)
            self.assertEqual(cra.client_ip, "127.0.0.1")
            self.assertTrue(cra.client_answered_on)
            self.assertEqual(cra.timesheet_ids.mapped("unit_amount"), [1.5 * 8])
        self.assertEqual(self.colleague_cra.client_state, "pending")
        listing = self.url_open("/my/cra/approvals?answered=approved")
        self.assertIn("o_esn_cra_approved", listing.text)
        self.assertNotIn('name="cra_ids"', listing.text)
        answered_on = self.cra.client_answered_on
        self.assertIn("do not await your answer", self._approve(self.cras.ids[:1]))
        self.cra.invalidate_recordset()
        self.assertEqual(self.cra.client_answered_on, answered_on, "answered once")

    def test_others_cannot_approve_nor_read(self):
        for login in ("cra_client_colleague", "cra_consultant", "cra_esn_user"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                self.assertTrue(self._approve(self.cras.ids))
                self.assertNotIn(f'value="{self.cra.id}"', self.url_open("/my/cra/approvals").text)
                sign = self.url_open(f"/my/cra/approvals/sign?cra_ids={self.cra.id}", allow_redirects=False)
                self.assertEqual(sign.status_code, 303)
                if login != "cra_consultant":
                    pdf = self.url_open(f"/my/cra/{self.cra.id}/pdf", allow_redirects=False)
                    self.assertEqual(pdf.status_code, 303)
        self.authenticate("cra_client_validator", "cra_client_validator")
        for cra_ids, signature in (
            ([*self.cras.ids, self.colleague_cra.id], SIGNATURE),  # one of another validator: none
            ([*self.cras.ids, 999999], SIGNATURE),
            ([self.cra.id, "x"], SIGNATURE),
            ([], SIGNATURE),
            (self.cras.ids, ""),
            (self.cras.ids, "not an image"),
        ):
            with self.subTest(cra_ids=cra_ids, signature=signature):
                self.assertTrue(self._approve(cra_ids, signature))
        self.assertIn("Enter your name", self._approve(self.cras.ids, name=" "))
        self.assertNothingAnswered()

    def test_validator_refuses_one_report(self):
        self.authenticate("cra_client_validator", "cra_client_validator")
        page = self.url_open(f"/my/cra/approvals/sign?cra_ids={self.cra.id}")
        self.assertIn("o_esn_cra_refuse_form", page.text)
        csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        # a reason is not a document: a paste of 2,001 characters is refused, nothing answered
        answer = self.url_open(
            "/my/cra/approvals/refuse",
            data={"csrf_token": csrf, "cra_id": self.cra.id, "reason": "x" * 2001},
        )
        self.assertIn("2001 characters long: 2000 at most", answer.text)
        self.assertNothingAnswered()
        answer = self.url_open(
            "/my/cra/approvals/refuse",
            data={"csrf_token": csrf, "cra_id": self.cra.id, "reason": "Wrong days"},
        )
        self.assertIn("o_esn_cra_refused", answer.text)
        self.assertEqual((self.cra.state, self.cra.client_state), ("rejected", "refused"))
        self.assertEqual(self.cra.client_refuse_reason, "Wrong days")

    def test_link_signs_then_shows_the_answer(self):
        token = self.cra.sudo().client_token
        page = self.url_open(f"/my/cra/{self.cra.id}/review?token={token}")
        for expected in (
            self.env.company.name,
            "Client Corp",
            "Monday",
            "I certify that",
            "o_esn_cra_approve",
        ):
            self.assertIn(expected, page.text)
        pdf_url = f"/my/cra/{self.cra.id}/review/pdf?token={token}"
        self.assertIn(pdf_url, page.text)
        self.assertEqual(self.url_open(pdf_url).headers["Content-Type"], "application/pdf")
        self.assertEqual(self.url_open(f"/my/cra/{self.cra.id}/review/pdf?token=wrong").status_code, 404)

        url = f"/my/cra/{self.cra.id}/approve?token={token}"
        not_drawings = (
            "",
            base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>').decode(),
            base64.b64encode(b"<html><script>alert(1)</script></html>").decode(),
            base64.b64encode(b"GIF89a" + b"\x00" * 20).decode(),
            "not base64 at all",
        )
        for signature in not_drawings:
            error = self.make_jsonrpc_request(url, {"name": "Paul Client", "signature": signature})["error"]
            self.assertIn("Sign to approve", error)
        self.assertNothingAnswered()
        self.make_jsonrpc_request(url, {"name": "Paul Client", "signature": SIGNATURE})
        self.assertEqual((self.cra.client_state, self.cra.client_signatory), ("approved", "Paul Client"))
        self.assertEqual(self.cra.client_signature.decode(), SIGNATURE)
        answered_on = self.cra.client_answered_on
        self.assertTrue(self.make_jsonrpc_request(url, {"name": "Mallory", "signature": SIGNATURE})["error"])

        shown = self.url_open(f"/my/cra/{self.cra.id}/review?token={token}")
        self.assertEqual(shown.status_code, 200)
        self.assertIn("The activity report is approved by Paul Client", shown.text)
        # the time of the answer reads in the company's time zone, not the server's UTC
        self.env.company.partner_id.tz = "Europe/Paris"
        self.cra._workflow_write({"client_answered_on": datetime(2026, 11, 2, 15, 5, 40)})
        shown_in_paris = self.url_open(f"/my/cra/{self.cra.id}/review?token={token}").text
        self.assertIn("16:05:40", shown_in_paris)
        self.assertNotIn("15:05:40", shown_in_paris)
        self.cra._workflow_write({"client_answered_on": answered_on})
        self.assertIn("o_esn_cra_signature", shown.text)
        self.assertNotIn("o_esn_cra_answer", shown.text)
        self.assertEqual(self.url_open(pdf_url).headers["Content-Type"], "application/pdf")
        self.cra.invalidate_recordset()
        self.assertEqual(
            (self.cra.client_signatory, self.cra.client_answered_on), ("Paul Client", answered_on)
        )
