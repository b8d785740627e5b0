import io
import re
from datetime import date

from freezegun import freeze_time
from pypdf import PdfReader

from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import BillingCase

DAYS = {"2026-10-05": 1, "2026-10-06": 1}
# a sole trader under the VAT franchise, reading French
IDENTITY = {
    "siret": "54206547910008",
    "vat": False,
    "esn_legal_form": "EI",
    "esn_vat_regime": "franchise",
    "lang": "fr_FR",
    "email": "marc@lilas.example.com",
}


@tagged("post_install", "-at_install")
@freeze_time(date(2026, 11, 3))
class TestSelfBilling(BillingCase, HttpCase):
    """The invoices the ESN issues in a contractor's name (CGI 289-I-2): the contractor's full
    identity, French mentions, sent as Factur-X, accepted or contested on the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"].search([("name", "in", ("account", "esn_billing"))])._update_translations(
            ["fr_FR"]
        )
        cls.contractor = cls.env["res.partner"].create(
            {
                "name": "Marc Lilas",
                "is_company": True,
                "esn_contractor_kind": "freelance",
                "country_id": cls.env.ref("base.fr").id,
            }
        )
        cls.consultant = cls.env["hr.employee"].create({"name": "Marc", "esn_supplier_id": cls.contractor.id})

    def _self_billed(self):
        self._sign_self_billing_mandate(self.contractor, date(2026, 1, 10), **IDENTITY)
        cra = self._validated(self._mission(self.consultant, buy=400), DAYS)
        _invoice, bill = self._invoice(cra, bill_date=date(2026, 10, 31))
        bill.action_post()
        return bill

    def _sent(self):
        bill = self._self_billed()
        bill.with_context(force_report_rendering=True).action_esn_send_self_billed()
        return bill

    def test_the_mandate_needs_the_contractors_identity(self):
        with self.assertRaisesRegex(ValidationError, "full address, legal form, SIREN or SIRET") as caught:
            self.contractor.esn_self_billing_mandate_date = date(2026, 1, 10)
        self.assertIn("VAT number (or the VAT franchise)", str(caught.exception))
        self._sign_self_billing_mandate(self.contractor, date(2026, 1, 10), **IDENTITY)
        with self.assertRaisesRegex(ValidationError, "legal form"):
            self.contractor.esn_legal_form = False

    def test_self_billed_invoice_prints_the_sellers_mentions_in_its_language(self):
        bill = self._self_billed()
        report = self.env["ir.actions.report"]
        html = report._render_qweb_html("account.account_invoices", bill.ids)[0].decode()
        for mention in (
            "Facture en autofacturation",  # the title, in the contractor's language
            "TVA non applicable, art. 293 B du CGI",
            "Marc Lilas",
            "EI",
            "3 rue des Lilas",
            "542065479",  # the contractor's SIREN
            "732829320",  # the ESN's, as the buyer
            "FR44732829320",
            "40 EUR",
            "10 points",
            "10/01/2026",
        ):
            self.assertIn(mention, html)
        self.assertNotIn("VAT not applicable", html)

    def test_posting_refuses_a_self_billed_invoice_of_an_incomplete_identity(self):
        self._sign_self_billing_mandate(self.contractor, date(2026, 1, 10), **IDENTITY)
        _invoice, bill = self._invoice(
            self._validated(self._mission(self.consultant, buy=400), DAYS), bill_date=date(2026, 10, 31)
        )
        # an identity emptied behind the constraint's back (data from before the mandate rules)
        self.env.cr.execute(
            "UPDATE res_partner SET esn_legal_form = NULL WHERE id = %s", [self.contractor.id]
        )
        self.contractor.invalidate_recordset(["esn_legal_form"])
        with self.assertRaisesRegex(UserError, "fill in its legal form first"):
            bill.action_post()
        self.assertEqual(bill.state, "draft")

    def test_sent_as_factur_x_then_accepted_on_the_portal_by_the_link(self):
        bill = self._sent()
        self.assertEqual(bill.esn_self_billing_deadline, date(2026, 11, 18), "the mandate's 15 days")
        mail = self.env["mail.message"].search(
            [("model", "=", "account.move"), ("res_id", "=", bill.id), ("attachment_ids", "!=", False)]
        )
        self.assertEqual(mail.partner_ids, self.contractor)
        self.assertIn(bill.get_portal_url(), str(mail.body))
        pdf = mail.attachment_ids.raw
        self.assertTrue(pdf.startswith(b"%PDF"))
        names = PdfReader(io.BytesIO(pdf)).attachments
        self.assertIn("factur-x.xml", names)
        self.assertIn(b"<ram:TypeCode>389</ram:TypeCode>", names["factur-x.xml"][0])
        self.assertEqual(bill.invoice_pdf_report_id.raw, pdf, "the legal document the portal downloads")

        page = self.url_open(bill.get_portal_url())
        self.assertIn("Accept", page.text)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        answer = f"/my/invoices/{bill.id}/self-billing/accept"
        # a wrong token is sent back to the portal's home: nothing is answered
        self.url_open(answer, data={"csrf_token": csrf, "access_token": "wrong"})
        bill.invalidate_recordset()
        self.assertFalse(bill.esn_self_billing_answer)
        self.url_open(answer, data={"csrf_token": csrf, "access_token": bill.access_token})
        bill.invalidate_recordset()
        self.assertEqual(bill.esn_self_billing_answer, "accepted")
        # answered once: a contest afterwards is refused and changes nothing
        page = self.url_open(
            f"/my/invoices/{bill.id}/self-billing/contest",
            data={"csrf_token": csrf, "access_token": bill.access_token, "reason": "Too late"},
        )
        self.assertIn("already answered", page.text)
        bill.invalidate_recordset()
        self.assertEqual(bill.esn_self_billing_answer, "accepted")
        self.assertFalse(bill.esn_self_billing_contest_reason)

    def test_contested_opens_a_credit_note_to_issue(self):
        bill = self._sent()
        with self.assertRaisesRegex(UserError, "Say why"):
            bill._esn_contest_self_billed("  ")
        with self.assertRaisesRegex(UserError, "2000 at most"):
            bill._esn_contest_self_billed("x" * 2001)
        self.assertFalse(bill.esn_self_billing_answer)
        bill._esn_contest_self_billed("One day was not worked")
        self.assertEqual(bill.esn_self_billing_answer, "contested")
        self.assertEqual(bill.esn_self_billing_contest_reason, "One day was not worked")
        activity = bill.activity_ids
        self.assertEqual(activity.summary, "Contested by the contractor: issue a credit note")
        credit_note = bill._reverse_moves([{"ref": "Contested"}])
        self.assertEqual(credit_note.journal_id, bill.journal_id, "credited under the same mandate")
        self.assertEqual(credit_note.amount_total, bill.amount_total)

    def test_a_sent_invoice_is_credited_not_changed(self):
        bill = self._sent()
        for change in (bill.button_draft, bill.button_cancel):
            with self.assertRaisesRegex(UserError, "issue a credit note instead"):
                change()
        self.assertEqual(bill.state, "posted")
        self.contractor.email = False
        mission = bill._esn_cras().mission_id
        other = self._invoice(
            self._validated(mission, {"2026-09-07": 1}, month="2026-09"), bill_date=date(2026, 9, 30)
        )[1]
        other.action_post()
        with self.assertRaisesRegex(UserError, "has no e-mail address"):
            other.with_context(force_report_rendering=True).action_esn_send_self_billed()
        self.assertFalse(other.esn_self_billing_sent_date)

    def test_who_reads_the_bill_does_not_answer_for_the_contractor(self):
        bill = self._sent()
        self.authenticate("admin", "admin")
        page = self.url_open("/my")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text) or re.search(
            r'csrf_token: "([^"]+)"', page.text
        )
        self.url_open(f"/my/invoices/{bill.id}/self-billing/accept", data={"csrf_token": csrf.group(1)})
        bill.invalidate_recordset()
        self.assertFalse(bill.esn_self_billing_answer, "the administrator reads the bill: not its answer")
        self.assertFalse(hasattr(bill, "action_esn_accept_self_billed"), "no RPC method answers for it")

    def test_the_answer_is_written_by_its_actions_only(self):
        bill = self._sent()
        with self.assertRaisesRegex(UserError, "changes only through the action"):
            bill.write({"esn_self_billing_answer": "accepted"})
        with self.assertRaisesRegex(UserError, "changes only through the action"):
            bill.write({"esn_self_billing_deadline": date(2027, 1, 1)})
        self.assertFalse(bill.esn_self_billing_answer)
        with self.assertRaisesRegex(UserError, "already sent"):
            bill.action_esn_send_self_billed()

    def test_past_the_contest_days_the_invoice_is_accepted(self):
        bill = self._sent()
        with freeze_time(date(2026, 11, 18)):
            self.env["account.move"]._cron_esn_self_billed_tacit_acceptance()
            self.assertFalse(bill.esn_self_billing_answer, "the last day is still the contractor's")
        with freeze_time(date(2026, 11, 19)):
            with self.assertRaisesRegex(UserError, "ended on"):
                bill._esn_contest_self_billed("Late")
            self.env["account.move"]._cron_esn_self_billed_tacit_acceptance()
        self.assertEqual(bill.esn_self_billing_answer, "tacit")

    def test_only_posted_self_billed_invoices_are_sent(self):
        bill = self._invoice(self._validated(self._mission(self.external), DAYS))[1]
        with self.assertRaisesRegex(UserError, "not a posted invoice issued in a contractor's name"):
            bill.action_esn_send_self_billed()
        self.assertFalse(bill.esn_self_billing_sent_date)


@tagged("post_install", "-at_install")
@freeze_time(date(2026, 11, 3))
class TestVatFranchiseThresholds(BillingCase):
    """A contractor under the VAT franchise is watched against the 293 B thresholds of the year."""

    def _franchisee(self, **values):
        contractor = self.env["res.partner"].create(
            {
                "name": "Franchisee",
                "is_company": True,
                "esn_contractor_kind": "freelance",
                "esn_vat_regime": "franchise",
                **values,
            }
        )
        consultant = self.env["hr.employee"].create({"name": "F", "esn_supplier_id": contractor.id})
        # 2026's thresholds are kept as data (37,500 and 41,250 EUR): lowered to bill less
        self.env["esn.vat.franchise.threshold"].search([("year", "=", 2026)]).write(
            {"base_amount": 2000, "upper_amount": 3000}
        )
        return contractor, self._mission(consultant, sell=900, buy=800)

    def _bill(self, mission, days, month):
        bill = self._invoice(
            self._validated(mission, days, month=month), bill_date=date(2026, int(month[5:]), 28)
        )[1]
        if not bill.esn_self_billed:
            self._receive_contractor_invoice(bill, f"F-{month}", day=date(2026, int(month[5:]), 28))
        return bill

    def test_self_billing_stops_at_the_upper_threshold(self):
        contractor, mission = self._franchisee()
        self._sign_self_billing_mandate(contractor, date(2026, 1, 5), vat=False)
        first = self._bill(mission, {"2026-08-03": 1, "2026-08-04": 1}, "2026-08")
        first.action_post()
        self.assertNotIn("base threshold", str(first.message_ids.mapped("body")))
        second = self._bill(mission, {"2026-09-01": 1}, "2026-09")
        second.action_post()
        self.assertIn("over the base threshold", str(second.message_ids.mapped("body")))
        third = self._bill(mission, {"2026-10-01": 1}, "2026-10")
        self.assertTrue(third.esn_self_billed)
        with self.assertRaisesRegex(UserError, "over the upper threshold of the VAT franchise"):
            third.action_post()
        self.assertEqual(third.state, "draft")

    def test_bills_posted_together_count_together(self):
        contractor, mission = self._franchisee()
        self._sign_self_billing_mandate(contractor, date(2026, 1, 5), vat=False)
        bills = self._bill(mission, {"2026-08-03": 1, "2026-08-04": 1}, "2026-08") | self._bill(
            mission, {"2026-09-01": 1, "2026-09-02": 1}, "2026-09"
        )
        with self.assertRaisesRegex(UserError, "billed 3,200.00"):
            bills.action_post()
        self.assertEqual(set(bills.mapped("state")), {"draft"})

    def test_the_contractors_own_invoice_is_posted_with_the_warning(self):
        _contractor, mission = self._franchisee()
        self._bill(mission, {"2026-08-03": 1, "2026-08-04": 1, "2026-08-05": 1}, "2026-08").action_post()
        bill = self._bill(mission, {"2026-09-01": 1}, "2026-09")
        bill.action_post()
        self.assertEqual(bill.state, "posted", "the contractor's invoice, its own to correct")
        self.assertIn("Ask the contractor for an invoice with VAT", str(bill.message_ids.mapped("body")))

    def test_thresholds_are_sane(self):
        threshold = self.env["esn.vat.franchise.threshold"].search([("year", "=", 2026)])
        with self.assertRaises(ValidationError):
            threshold.base_amount = 50000
