from datetime import date

from freezegun import freeze_time

from odoo.exceptions import RedirectWarning, UserError
from odoo.tests import tagged

from .common import BillingCase

OCTOBER = {
    "2026-10-01": 1,
    "2026-10-02": 0.5,
    "2026-10-13": 1,
    "2026-10-14": 0.5,
    "2026-10-15": 1,
    "2026-10-16": 0.5,
    "2026-10-20": 1,
}


@tagged("post_install", "-at_install")
@freeze_time(date(2026, 11, 22))
class TestInvoicing(BillingCase):
    def _invoice(self, cras):
        moves = self.env["account.move"].browse(cras.with_user(self.manager).action_create_invoices())
        return moves.filtered(lambda m: m.move_type == "out_invoice"), moves.filtered(
            lambda m: m.move_type == "in_invoice"
        )

    def test_amounts_to_the_cent_with_half_days_and_amendment(self):
        mission = self._mission(self.external, sell=612.35, buy=401.17)
        self.env["esn.mission.amendment"].create(
            {
                "mission_id": mission.id,
                "date_effective": date(2026, 10, 15),
                "sell_rate": 650.10,
                "buy_rate": 420,
                "reason": "Avenant",
            }
        )
        cra = self._validated(mission, OCTOBER)
        invoice, bill = self._invoice(cra)
        self.assertEqual(len(invoice), 1)
        lines = invoice.invoice_line_ids.sorted("esn_period_start")
        self.assertEqual([(line.quantity, line.price_unit) for line in lines], [(3, 612.35), (2.5, 650.10)])
        self.assertEqual(
            (lines[0].esn_period_start, lines[0].esn_period_end), (date(2026, 10, 1), date(2026, 10, 14))
        )
        self.assertEqual(
            (lines[1].esn_period_start, lines[1].esn_period_end), (date(2026, 10, 15), date(2026, 10, 31))
        )
        self.assertIn("PO PO-77", lines[0].name)
        self.assertIn("Ext Consultant", lines[0].name)
        self.assertEqual(invoice.ref, "PO-77")
        self.assertEqual(lines.tax_ids, self.sale_tax)
        self.assertEqual(self.sale_tax.amount, 20)
        self.assertAlmostEqual(invoice.amount_untaxed, 3462.30, places=2)
        self.assertAlmostEqual(invoice.amount_tax, 692.46, places=2)
        self.assertAlmostEqual(invoice.amount_total, 4154.76, places=2)
        self.assertEqual(bill.partner_id, self.supplier)
        self.assertEqual(
            [(line.quantity, line.price_unit) for line in bill.invoice_line_ids.sorted("esn_period_start")],
            [(3, 401.17), (2.5, 420)],
        )
        self.assertAlmostEqual(bill.amount_untaxed, 2253.51, places=2)
        self.assertAlmostEqual(bill.amount_tax, 450.70, places=2)
        self.assertEqual(cra.state, "invoiced")
        self.assertEqual(cra.invoice_line_ids, invoice.invoice_line_ids)
        self.assertEqual(cra.vendor_bill_line_ids, bill.invoice_line_ids)

    def test_invoice_twice_creates_nothing_new(self):
        cra = self._validated(self._mission(), {"2026-10-05": 1})
        first = cra.with_user(self.manager).action_create_invoices()
        self.assertEqual(len(first), 1)
        self.assertEqual(cra.with_user(self.manager).action_create_invoices(), [])
        self.assertEqual(len(cra.invoice_ids), 1)

    def test_an_invoiced_report_keeps_its_month_and_links(self):
        """Moving a billed report to another month, or unlinking its invoice lines, would bill the
        same days twice: refused, whoever asks."""
        cra = self._validated(self._mission(), {"2026-10-05": 1})
        invoice, _bill = self._invoice(cra)
        for forged in (
            {"month": "2026-09"},
            {"state": "validated"},
            {"invoice_line_ids": [(3, invoice.invoice_line_ids.id)]},
            {"invoice_line_ids": [(5, 0, 0)]},
        ):
            with self.subTest(forged=forged), self.assertRaises(UserError):
                cra.with_user(self.manager).write(forged)
        self.assertEqual(
            (cra.month, cra.state, cra.invoice_line_ids), ("2026-10", "invoiced", invoice.invoice_line_ids)
        )
        self.assertEqual(cra.with_user(self.manager).action_create_invoices(), [])

    def test_cancel_or_reverse_frees_the_report(self):
        cra = self._validated(self._mission(), {"2026-10-05": 1, "2026-10-06": 1})
        invoice, _bill = self._invoice(cra)
        invoice.button_cancel()
        self.assertEqual(cra.state, "validated")
        invoice, _bill = self._invoice(cra)
        self.assertEqual(cra.state, "invoiced")
        invoice.action_post()
        reversal = invoice._reverse_moves([{"invoice_date": invoice.invoice_date}])
        reversal.action_post()
        self.assertEqual(cra.state, "validated", "a posted full credit note frees the report")
        again, _bill = self._invoice(cra)
        self.assertEqual(again.amount_untaxed, 1200)

    def test_refuses_reports_not_ready(self):
        mission = self._mission(client_approval_required=True)
        pending = self._validated(mission, {"2026-10-05": 1})
        draft = self.env["esn.cra"].browse(
            self.env["esn.cra"].set_days(mission.name, "2026-09", {"2026-09-07": 1})
        )
        with self.assertRaisesRegex(
            UserError, r"not ready to invoice .*2026-10 \(Validated, Awaiting Client\).*2026-09 \(Draft\)"
        ):
            (pending | draft).with_user(self.manager).action_create_invoices()
        self.assertFalse(pending.invoice_line_ids)

    def test_grouping_and_currencies(self):
        usd = self.env.ref("base.USD")
        usd.active = True
        eur_a, eur_b = self._mission(), self._mission()
        usd_mission = self._mission(currency_id=usd.id)
        cras = (
            self._validated(eur_a, {"2026-10-05": 1})
            | self._validated(eur_b, {"2026-10-05": 1})
            | self._validated(usd_mission, {"2026-10-05": 1})
        )
        invoices, _bills = self._invoice(cras)
        self.assertEqual(len(invoices), 2, "one invoice per currency, never mixed")
        self.assertEqual(sorted(len(inv.invoice_line_ids) for inv in invoices), [1, 2])
        self.assertEqual(
            invoices.filtered(lambda inv: inv.currency_id == usd).invoice_line_ids.esn_cra_id.mission_id,
            usd_mission,
        )

    def test_grouping_per_mission_setting(self):
        self.env.company.esn_invoice_grouping = "mission"
        cras = self._validated(self._mission(), {"2026-10-05": 1}) | self._validated(
            self._mission(), {"2026-10-05": 1}
        )
        invoices, _bills = self._invoice(cras)
        self.assertEqual(len(invoices), 2)

    def test_sale_order_line_linked(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.client.id,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 20,
                            "price_unit": 700,
                            "esn_employee_id": self.env["hr.employee"].create({"name": "From SO"}).id,
                            "esn_date_start": date(2026, 1, 1),
                            "esn_date_end": date(2026, 12, 31),
                        },
                    )
                ],
            }
        )
        order.action_confirm()
        mission = order.order_line.esn_mission_ids
        mission.action_activate()
        cra = self._validated(mission, {"2026-10-05": 1, "2026-10-06": 0.5})
        invoice, _bill = self._invoice(cra)
        self.assertEqual(invoice.invoice_line_ids.sale_line_ids, order.order_line)
        self.assertEqual(order.order_line.qty_invoiced, 1.5)

    def test_vendor_bill_posting_enforces_compliance(self):
        days = dict.fromkeys([f"2026-10-{day:02d}" for day in (1, 2, 5, 6, 7, 8, 9, 12, 13, 14, 15)], 1)
        cra = self._validated(self._mission(self.external, sell=800, buy=500), days)
        _invoice, bill = self._invoice(cra)
        self.env.company.esn_compliance_enforcement = "block"
        bill.invoice_date = date(2026, 10, 31)
        with self.assertRaises(RedirectWarning):
            bill.with_user(self.manager).action_post()
        self.assertEqual(bill.state, "draft")
        bill.with_user(self.manager).with_context(
            esn_compliance_override_reason="Attestation checked by phone"
        ).action_post()
        self.assertEqual(bill.state, "posted")
        self.assertIn(
            "Attestation checked by phone",
            bill.message_ids[:3].mapped("body")[-1] + "".join(bill.message_ids.mapped("body")),
        )

    def test_margin_report(self):
        mission = self._mission(self.external, sell=600, buy=450)
        cra = self._validated(mission, {"2026-10-05": 1, "2026-10-06": 1})
        self.env.flush_all()
        forecast = self.env["esn.margin.report"].search([("mission_id", "=", mission.id)])
        self.assertEqual(
            [(r.source, r.revenue, r.cost, r.margin) for r in forecast], [("forecast", 1200, 900, 300)]
        )
        invoice, bill = self._invoice(cra)
        for move in invoice | bill:
            move.invoice_date = date(2026, 10, 31)
            move.action_post()
        self.env.flush_all()
        actual = self.env["esn.margin.report"].search([("mission_id", "=", mission.id)])
        self.assertEqual(
            [(r.source, r.days, r.revenue, r.cost, r.margin, r.margin_rate) for r in actual],
            [("actual", 2, 1200, 900, 300, 25)],
        )

    def test_invoice_pdf_mentions_and_facturx(self):
        company = self.env.company
        company.write({"vat": "FR44732829320", "siret": "73282932000074"})
        bank = self.env["res.partner.bank"].create(
            {"partner_id": company.partner_id.id, "acc_number": "FR7630006000011234567890189"}
        )
        cra = self._validated(self._mission(), {"2026-10-05": 1})
        invoice, _bill = self._invoice(cra)
        invoice.write({"invoice_date": date(2026, 10, 31), "partner_bank_id": bank.id})
        invoice.action_post()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("account.account_invoices", invoice.ids)[0]
            .decode()
        )
        self.assertIn("40 EUR", html)
        self.assertIn("PO-77", html)
        self.assertIn("Date of service", html)
        self.assertIn("SIREN:</span> <span>732829320", html)
        xml, errors = self.env["account.edi.xml.cii"]._export_invoice(invoice)
        self.assertFalse(errors)
        self.assertIn(b"PO-77", xml)
        self.assertIn(b"720.00", xml, "the total with 20% VAT")

    def test_activity_report_pdf_attached_on_request(self):
        cra = self._validated(self._mission(), {"2026-10-05": 1})
        invoice, _bill = self._invoice(cra)
        invoice.action_esn_attach_cra_pdf()
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "account.move"), ("res_id", "=", invoice.id)]
        )
        self.assertEqual(attachment.name, f"CRA {cra.employee_id.name} 2026-10.pdf")
        self.assertTrue(attachment.raw)
