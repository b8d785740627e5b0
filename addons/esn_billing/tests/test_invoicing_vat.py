from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import BillingCase

DAYS = {"2026-10-05": 1, "2026-10-06": 1}


@tagged("post_install", "-at_install")
@freeze_time(date(2026, 11, 22))
class TestInvoicingVat(BillingCase):
    """French VAT of consulting services, and of each contractor's VAT regime."""

    def _contractor(self, regime, country="base.fr", **values):
        partner = self.env["res.partner"].create(
            {
                "name": f"Contractor {regime}",
                "is_company": True,
                "esn_contractor_kind": "freelance",
                "esn_vat_regime": regime,
                "country_id": self.env.ref(country).id,
                **values,
            }
        )
        consultant = self.env["hr.employee"].create(
            {"name": f"Consultant {regime}", "esn_supplier_id": partner.id}
        )
        return partner, consultant

    def test_services_bear_vat_on_payment(self):
        self.assertEqual(
            self.product.taxes_id.filtered(lambda t: t.company_id == self.env.company), self.sale_tax
        )
        self.assertEqual(
            self.product.supplier_taxes_id.filtered(lambda t: t.company_id == self.env.company),
            self.purchase_tax,
        )
        invoice, bill = self._invoice(self._validated(self._mission(self.external), DAYS))
        for move, tax in ((invoice, self.sale_tax), (bill, self.purchase_tax)):
            self.assertEqual(move.invoice_line_ids.tax_ids, tax)
            self.assertEqual((tax.tax_scope, tax.tax_exigibility, tax.amount), ("service", "on_payment", 20))
        self.assertAlmostEqual(invoice.amount_tax, 240)
        html = self._invoice_html(self._post(invoice))
        self.assertIn("Service Delivery", html)
        self.assertNotIn("Goods Delivery", html)
        self.assertNotIn("Option to pay tax on debits", html)

    def test_consulting_is_booked_as_services(self):
        """Days sold are services supplied (706), a contractor's days bought are services resold (604):
        not sales and purchases of goods (707, 607), on the statements and the liasse fiscale."""
        invoice, bill = self._invoice(self._validated(self._mission(self.external), DAYS))
        self.assertEqual(invoice.invoice_line_ids.account_id.code, "706000")
        self.assertEqual(bill.invoice_line_ids.account_id.code, "604000")
        self._post(invoice)
        self.assertEqual(
            invoice.line_ids.filtered(lambda line: line.account_id.account_type == "income").mapped("credit"),
            [1200.0],
        )

    def test_a_new_french_company_books_consulting_as_services(self):
        company = self.env["res.company"].create(
            {"name": "ESN Lyon", "country_id": self.env.ref("base.fr").id}
        )
        self.env["account.chart.template"].try_loading("fr", company, install_demo=False)
        category = self.product.categ_id.with_company(company)
        self.assertEqual(category, self.env.ref("esn_mission.product_category_consulting"))
        self.assertEqual(
            (category.property_account_income_categ_id.code, category.property_account_expense_categ_id.code),
            ("706000", "604000"),
        )
        self.assertEqual(category.property_account_income_categ_id.company_ids, company)

    def test_vat_on_debits_setting(self):
        """The seller's option decides when VAT is due, and deductible: the company's for its
        invoices, the contractor's for its bills (CGI 271-I-2)."""
        self.env.company.esn_vat_on_debits = True
        mission = self._mission(self.external)
        invoice, bill = self._invoice(self._validated(mission, DAYS))
        tax = invoice.invoice_line_ids.tax_ids
        self.assertEqual((tax.tax_scope, tax.tax_exigibility, tax.amount), ("service", "on_invoice", 20))
        self.assertEqual(self.product.taxes_id.filtered(lambda t: t.company_id == self.env.company), tax)
        self.assertIn("Option to pay tax on debits", self._invoice_html(self._post(invoice)))
        self.assertEqual(bill.invoice_line_ids.tax_ids, self.purchase_tax, "a contractor on receipts")
        self.assertEqual(self.purchase_tax.tax_exigibility, "on_payment")

        self.supplier.esn_vat_on_debits = True
        self.env.company.esn_vat_on_debits = False
        september = {"2026-09-07": 1, "2026-09-08": 1}
        invoice, bill = self._invoice(self._validated(mission, september, month="2026-09"))
        self.assertEqual(invoice.invoice_line_ids.tax_ids, self.sale_tax)
        tax = bill.invoice_line_ids.tax_ids
        self.assertEqual((tax.tax_scope, tax.tax_exigibility, tax.amount), ("service", "on_invoice", 20))

    def test_franchise_contractor_bills_no_vat(self):
        partner, consultant = self._contractor("franchise")
        mission = self._mission(consultant, buy=400)
        _invoice, bill = self._invoice(self._validated(mission, DAYS))
        self.assertFalse(bill.invoice_line_ids.tax_ids, "no VAT to deduct: none was charged")
        self.assertEqual((bill.amount_untaxed, bill.amount_tax, bill.amount_total), (800, 0, 800))
        self.assertIn("293 B", str(bill.fiscal_position_id.note))
        self._sign_self_billing_mandate(partner, date(2026, 1, 15), vat=False)
        _invoice, self_billed = self._invoice(
            self._validated(mission, {"2026-09-07": 1}, month="2026-09"),
            bill_date=date(2026, 9, 30),
        )
        self.assertIn("293 B", self._invoice_html(self_billed))

    def test_eu_contractor_reverse_charge(self):
        _partner, consultant = self._contractor("eu", "base.de", vat="DE123456788")
        _invoice, bill = self._invoice(self._validated(self._mission(consultant, buy=400), DAYS))
        tax = bill.invoice_line_ids.tax_ids
        self.assertEqual(tax, self.chart.ref("tva_intra_normale_services"))
        self.assertEqual(bill.amount_total, 800, "the VAT due and the VAT deducted cancel out")
        self._post_bill(bill)
        vat_lines = bill.line_ids.filtered("tax_line_id")
        self.assertEqual(sorted(vat_lines.mapped("balance")), [-160, 160], "VAT due by the ESN, and deducted")
        self.assertIn("283-2", str(bill.fiscal_position_id.note))

    def test_non_eu_contractor_reverse_charge(self):
        _partner, consultant = self._contractor("non_eu", "base.ch")
        _invoice, bill = self._invoice(self._validated(self._mission(consultant, buy=400), DAYS))
        self.assertEqual(bill.invoice_line_ids.tax_ids, self.chart.ref("tva_purchase_service_20_import"))
        self.assertEqual(bill.amount_total, 800)
        self.assertIn("283-2", str(bill.fiscal_position_id.note), "services taxed in France, paid by the ESN")

    def test_portage_company_charges_vat(self):
        _partner, consultant = self._contractor("subject")
        _invoice, bill = self._invoice(self._validated(self._mission(consultant, buy=400), DAYS))
        self.assertFalse(bill.fiscal_position_id, "a French contractor, VAT number or not: not 'EU private'")
        self.assertEqual(bill.invoice_line_ids.tax_ids, self.purchase_tax)
        self.assertEqual(bill.amount_total, 960)

    def _foreign_client_invoice(self, country, vat):
        client = self.env["res.partner"].create(
            {
                "name": f"Client {country}",
                "is_company": True,
                "country_id": self.env.ref(country).id,
                "vat": vat,
            }
        )
        mission = self._mission(partner_id=client.id)
        invoice, _bill = self._invoice(self._validated(mission, DAYS))
        return client, invoice

    def _xml_tax(self, invoice):
        xml, errors = self.env["account.edi.xml.cii"]._export_invoice(invoice)
        self.assertFalse(errors)
        tax = etree.fromstring(xml).xpath(
            "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax",
            namespaces={
                "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
            },
        )[0]
        return {child.tag.split("}")[1]: child.text for child in tax}

    def test_eu_business_client_is_reverse_charged(self):
        """B2B services to another EU country are taxed there, by the client (CGI 259-1, 283-2): no
        French VAT, the mention "Autoliquidation", category AE in the XML; the client's VAT number
        is required."""
        client, invoice = self._foreign_client_invoice("base.de", "DE123456788")
        self.assertEqual(invoice.fiscal_position_id, self.chart.ref("fiscal_position_template_intraeub2b"))
        self.assertEqual(invoice.invoice_line_ids.tax_ids, self.chart.ref("tva_sale_service_intra_0"))
        self.assertEqual(invoice.amount_tax, 0)
        self._post(invoice)
        self.assertIn("Autoliquidation: VAT due by the customer", self._invoice_html(invoice))
        tax = self._xml_tax(invoice)
        self.assertEqual(
            (tax["CategoryCode"], tax["ExemptionReasonCode"], tax["ExemptionReason"]),
            ("AE", "VATEX-EU-AE", "Reverse charge"),
        )

        self.env.company.esn_foreign_buyer_without_id = True
        client, invoice = self._foreign_client_invoice("base.be", "BE0477472701")
        client.vat = False
        with self.assertRaisesRegex(UserError, "VAT number of the client Client base.be is required"):
            self._post(invoice)
        self.assertEqual(invoice.state, "draft")

    def test_non_eu_business_client_is_outside_french_vat(self):
        self.env.company.esn_foreign_buyer_without_id = True
        _client, invoice = self._foreign_client_invoice("base.ch", False)
        self.assertEqual(invoice.amount_tax, 0)
        self._post(invoice)
        html = self._invoice_html(invoice)
        self.assertIn("VAT not applicable, art. 259-1 of the French tax code", html)
        self.assertNotIn("Autoliquidation", html)

    def _post_bill(self, bill):
        self._receive_contractor_invoice(bill, f"C-{bill.id}")
        bill.action_post()
        return bill

    def _invoice_html(self, move):
        return (
            self.env["ir.actions.report"]._render_qweb_html("account.account_invoices", move.ids)[0].decode()
        )
