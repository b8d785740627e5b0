from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import BillingCase

# declared on the 5th to the 20th only: the period billed is not the whole month
DAYS = {"2026-10-05": 1, "2026-10-13": 0.5, "2026-10-20": 1}


@tagged("post_install", "-at_install")
@freeze_time(date(2026, 11, 22))
class TestInvoicingFrenchRules(BillingCase):
    def _html(self, move):
        return (
            self.env["ir.actions.report"]._render_qweb_html("account.account_invoices", move.ids)[0].decode()
        )

    def test_service_dates_and_mentions_on_invoice_and_credit_note(self):
        invoice, _bill = self._invoice(self._validated(self._mission(), DAYS), invoice_date=date(2026, 11, 2))
        self.assertEqual(invoice.invoice_date, date(2026, 11, 2), "the month-end run dates the invoices")
        self.assertEqual(invoice.delivery_date, date(2026, 10, 20), "the last day of service billed")
        self.assertEqual(invoice._esn_service_period(), (date(2026, 10, 5), date(2026, 10, 20)))
        self._post(invoice, invoice.invoice_date)
        html = self._html(invoice)
        for mention in (
            "10/05/2026",  # first day of service
            "10/20/2026",  # last day and delivery date
            "PO-77",
            "40 EUR",
            "No discount for early payment",
            "refinancing rate plus 10 points",  # L441-10's rate when no terms of sale set another
            "SAS with a share capital of",
            "50,000.00",
            "RCS Paris 732 829 320",
            "FR44732829320",
            "FR03552081317",
        ):
            self.assertIn(mention, html)
        self.assertNotIn("10/01/2026", html, "not the first day of the month")
        credit_note = invoice._reverse_moves([{"invoice_date": date(2026, 11, 3)}])
        credit_note.action_post()
        self.assertEqual(credit_note.delivery_date, date(2026, 10, 20), "the services it corrects")
        html = self._html(credit_note)
        for mention in ("10/05/2026", "40 EUR", "RCS Paris 732 829 320", "FR44732829320"):
            self.assertIn(mention, html)

    def test_the_clients_payment_term_dates_the_invoice_due(self):
        self.client.property_payment_term_id = self.env.ref("account.account_payment_term_30days")
        invoice, _bill = self._invoice(
            self._validated(self._mission(), DAYS), invoice_date=date(2026, 10, 31)
        )
        self.assertEqual(invoice.invoice_payment_term_id, self.client.property_payment_term_id)
        self.assertEqual(invoice.invoice_date_due, date(2026, 11, 30))
        self._post(invoice, invoice.invoice_date)
        self.assertIn("11/30/2026", self._html(invoice))

    def test_without_the_clients_terms_the_invoice_is_due_in_thirty_days(self):
        """French law's default payment term (C. com. L441-10 I), not 'immediate'; the client's own
        terms, when it has them, still win."""
        self.assertFalse(self.client.property_payment_term_id)
        invoice, _bill = self._invoice(
            self._validated(self._mission(), DAYS), invoice_date=date(2026, 10, 31)
        )
        self.assertEqual(invoice.invoice_payment_term_id, self.env.ref("account.account_payment_term_30days"))
        self.assertEqual(invoice.invoice_date_due, date(2026, 11, 30))
        self.client.property_payment_term_id = self.env.ref("account.account_payment_term_immediate")
        other, _bill = self._invoice(self._validated(self._mission(), DAYS), invoice_date=date(2026, 10, 31))
        self.assertEqual(other.invoice_date_due, date(2026, 10, 31))

    def test_posting_needs_the_seller_and_buyer_identity(self):
        invoice, _bill = self._invoice(self._validated(self._mission(), DAYS))
        self.env.company.vat = False
        with self.assertRaisesRegex(UserError, "SIREN \\(SIRET\\) and the VAT number of .* are required"):
            self._post(invoice)
        self.env.company.vat = "FR44732829320"
        self.env.company.esn_rcs_city = False
        with self.assertRaisesRegex(UserError, "legal form, share capital and RCS city of .* are required"):
            self._post(invoice)
        self.env.company.esn_rcs_city = "Paris"
        self.client.write({"vat": False, "siret": False})
        with self.assertRaisesRegex(UserError, "SIREN \\(SIRET\\) or VAT number of the client"):
            self._post(invoice)
        self.assertEqual(invoice.state, "draft")
        self.client.siret = "55208131766522"
        self._post(invoice)
        self.assertEqual(invoice.state, "posted")

    def test_foreign_buyer_needs_its_vat_number_unless_the_company_allows(self):
        client = self.env["res.partner"].create(
            {"name": "Client Inc", "is_company": True, "country_id": self.env.ref("base.us").id}
        )
        mission = self._mission(partner_id=client.id)
        invoice, _bill = self._invoice(self._validated(mission, DAYS))
        with self.assertRaisesRegex(UserError, "VAT number of the client Client Inc is required"):
            self._post(invoice)
        self.env.company.esn_foreign_buyer_without_id = True
        self._post(invoice)
        self.assertEqual(invoice.state, "posted")

    def test_odoo_invoices_outside_the_suite_are_not_checked(self):
        self.env.company.vat = False
        manual = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.client.id,
                "invoice_line_ids": [(0, 0, {"name": "Training", "price_unit": 100})],
            }
        )
        self._post(manual)
        self.assertEqual(manual.state, "posted")

    def test_vendor_bill_awaits_the_contractors_invoice(self):
        _invoice, bill = self._invoice(self._validated(self._mission(self.external), DAYS))
        self.assertFalse(bill.esn_self_billed)
        self.assertFalse(bill.invoice_date, "the contractor's own invoice dates it")
        with self.assertRaisesRegex(UserError, "enter the number and the date of Billing Sub's own invoice"):
            bill.action_post()
        # a typed number and date are no evidence of the contractor's invoice (CGI 271-II)
        bill.write({"ref": "SUB-2026-118", "invoice_date": date(2026, 10, 31)})
        with self.assertRaisesRegex(UserError, "and attach it"):
            bill.action_post()
        self.assertEqual(bill.state, "draft")
        self._receive_contractor_invoice(bill, "SUB-2026-118")
        bill.action_post()
        self.assertEqual(bill.state, "posted")

    def test_self_billing_under_mandate(self):
        self._sign_self_billing_mandate(self.supplier, date(2026, 1, 10))
        _invoice, bill = self._invoice(
            self._validated(self._mission(self.external), DAYS), bill_date=date(2026, 10, 31)
        )
        self.assertTrue(bill.esn_self_billed)
        self.assertEqual(bill.journal_id.code, "AUTOF", "self-billed invoices have their own numbers")
        self.assertEqual(bill.invoice_date, date(2026, 10, 31), "the month-end run dates them")
        bill.action_post()
        self.assertTrue(bill.name.startswith("AUTOF/"))
        html = self._html(bill)
        self.assertIn("Self-billing (autofacturation)", html)
        self.assertIn("01/10/2026", html, "the mandate's date")

    def test_self_billing_needs_a_mandate_signed_by_the_invoice_date(self):
        self._sign_self_billing_mandate(self.supplier, date(2026, 11, 15))
        _invoice, bill = self._invoice(
            self._validated(self._mission(self.external), DAYS), bill_date=date(2026, 10, 31)
        )
        with self.assertRaisesRegex(UserError, "has signed no self-billing mandate by"):
            bill.action_post()
        self.assertEqual(bill.state, "draft")

    def test_the_contractors_e_invoice_replaces_the_prepared_bill(self):
        cra = self._validated(self._mission(self.external, buy=450), DAYS)
        _invoice, prepared = self._invoice(cra)
        received = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.supplier.id,
                "ref": "SUB-2026-118",
                "invoice_date": date(2026, 10, 31),
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Prestation octobre",
                            "quantity": 2.5,
                            "price_unit": 450,
                            "tax_ids": [(6, 0, self.purchase_tax.ids)],
                        },
                    )
                ],
            }
        )
        received._esn_take_over_pending_bill()
        self.assertFalse(prepared.exists(), "the prepared draft is replaced")
        self.assertEqual(cra.vendor_bill_line_ids.move_id, received)
        self.assertEqual((received.ref, received.amount_untaxed), ("SUB-2026-118", 1125))
        self._receive_contractor_invoice(received, "SUB-2026-118")
        received.action_post()
        self.assertEqual(received.state, "posted")

    def test_an_e_invoice_for_another_amount_is_left_alone(self):
        cra = self._validated(self._mission(self.external, buy=450), DAYS)
        _invoice, prepared = self._invoice(cra)
        received = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.supplier.id,
                "invoice_line_ids": [(0, 0, {"name": "x", "quantity": 3, "price_unit": 450})],
            }
        )
        received._esn_take_over_pending_bill()
        self.assertTrue(prepared.exists())
        self.assertEqual(cra.vendor_bill_line_ids.move_id, prepared)
