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
        # each line covers the first to the last day declared at its rate
        self.assertEqual(
            (lines[0].esn_period_start, lines[0].esn_period_end), (date(2026, 10, 1), date(2026, 10, 14))
        )
        self.assertEqual(
            (lines[1].esn_period_start, lines[1].esn_period_end), (date(2026, 10, 15), date(2026, 10, 20))
        )
        self.assertEqual(invoice.delivery_date, date(2026, 10, 20), "the last day billed")
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

    def test_each_invoice_s_lines_read_in_its_client_s_language(self):
        """Two clients invoiced together: each invoice's lines in its client's words and dates."""
        self.env["res.lang"]._activate_lang("fr_FR")
        french = self.env["res.partner"].create(
            {"name": "Client Lyonnais", "is_company": True, "lang": "fr_FR"}
        )
        english = self.env["res.partner"].create(
            {"name": "Client London", "is_company": True, "lang": "en_US"}
        )
        days = {"2026-10-01": 1, "2026-10-13": 1}
        cras = self._validated(self._mission(partner_id=french.id), days) | self._validated(
            self._mission(partner_id=english.id), days
        )
        invoices, _bills = self._invoice(cras)
        for partner, period in (
            (french, "du 01/10/2026 au 13/10/2026"),
            (english, "10/01/2026 to 10/13/2026"),
        ):
            invoice = invoices.filtered(lambda move, p=partner: move.partner_id == p)
            self.assertIn(period, " ".join(invoice.invoice_line_ids.mapped("name")))

    def test_on_call_days_billed_on_their_own_lines_at_on_call_rates(self):
        mission = self._mission(self.external, sell=600, buy=400, on_call_sell_rate=900, on_call_buy_rate=550)
        days = {"2026-10-09": 1, "2026-10-10": {"quantity": 1, "on_call": True}, "2026-10-12": 1}
        invoice, bill = self._invoice(self._validated(mission, days))
        lines = invoice.invoice_line_ids.sorted("price_unit")
        self.assertEqual([(line.quantity, line.price_unit) for line in lines], [(2, 600), (1, 900)])
        self.assertIn("on call", lines[1].name)
        self.assertEqual((lines[1].esn_period_start, lines[1].esn_period_end), (date(2026, 10, 10),) * 2)
        self.assertEqual(
            sorted((line.quantity, line.price_unit) for line in bill.invoice_line_ids), [(1, 550), (2, 400)]
        )
        # without on-call rates, on-call days are billed at the ordinary rate, still on their own line
        plain = self._mission(self.env["hr.employee"].create({"name": "Plain"}), sell=500, buy=1)
        invoice, _bill = self._invoice(self._validated(plain, days))
        self.assertEqual(
            sorted((line.quantity, line.price_unit) for line in invoice.invoice_line_ids),
            [(1, 500), (2, 500)],
        )

    def test_on_call_periods_billed_apart_from_the_interventions(self):
        """An astreinte is billed per period at its amounts, the days worked during it at the on-call
        rates: each on its own lines, on the invoice and on the contractor's bill."""
        mission = self._mission(self.external, sell=600, buy=400, on_call_sell_rate=900, on_call_buy_rate=550)
        Period = self.env["esn.mission.on.call.period"]
        week = Period.create(
            {
                "mission_id": mission.id,
                "date_start": date(2026, 10, 26),
                "date_end": date(2026, 11, 1),
                "notified_on": date(2026, 10, 1),
                "sell_amount": 250,
                "cost_amount": 150,
            }
        )
        # a period without amounts (compensated by rest, say): on no invoice or bill
        Period.create(
            {"mission_id": mission.id, "date_start": date(2026, 10, 3), "date_end": date(2026, 10, 4)}
        )
        invoice, bill = self._invoice(
            self._validated(mission, {"2026-10-26": 1, "2026-10-31": {"quantity": 1, "on_call": True}})
        )
        period_lines = invoice.invoice_line_ids.filtered(
            lambda line: line.product_id == self.env.ref("esn_mission.product_on_call_period")
        )
        self.assertEqual([(line.quantity, line.price_unit) for line in period_lines], [(1, 250)])
        self.assertIn("on-call period", period_lines.name)
        # its service period ends with the month invoiced
        self.assertEqual(
            (period_lines.esn_period_start, period_lines.esn_period_end),
            (week.date_start, date(2026, 10, 31)),
        )
        self.assertEqual(period_lines.account_id.code[:3], "706")
        self.assertEqual(
            sorted((line.quantity, line.price_unit) for line in invoice.invoice_line_ids),
            [(1, 250), (1, 600), (1, 900)],
        )
        self.assertEqual(
            sorted((line.quantity, line.price_unit) for line in bill.invoice_line_ids),
            [(1, 150), (1, 400), (1, 550)],
        )
        self.assertEqual(invoice.delivery_date, date(2026, 10, 31))

    def test_on_call_rates_change_by_amendment_only(self):
        mission = self._mission(self.external, sell=600, buy=400, on_call_sell_rate=900, on_call_buy_rate=550)
        with self.assertRaisesRegex(UserError, "changes only by an amendment"):
            mission.on_call_sell_rate = 1200
        with self.assertRaisesRegex(UserError, "changes only by an amendment"):
            mission.write({"sell_rate": 700})
        mission.write({"sell_rate": 600, "title": "Lead"})  # unchanged terms beside other fields
        self.env["esn.mission.amendment"].create(
            {
                "mission_id": mission.id,
                "date_effective": date(2026, 10, 12),
                "on_call_sell_rate": 1200,
                "reason": "On-call rates 2026-Q4",
            }
        )
        on_call = {"quantity": 1, "on_call": True}
        cra = self._validated(mission, {"2026-10-10": on_call, "2026-10-17": on_call})
        invoice, bill = self._invoice(cra)
        self.assertEqual(sorted(line.price_unit for line in invoice.invoice_line_ids), [900, 1200])
        self.assertEqual([line.price_unit for line in bill.invoice_line_ids], [550, 550])

    def test_invoice_twice_creates_nothing_new(self):
        cra = self._validated(self._mission(), {"2026-10-05": 1})
        first = cra.with_user(self.manager).action_create_invoices()
        self.assertEqual(len(first), 1)
        self.assertEqual(cra.with_user(self.manager).action_create_invoices(), [])
        self.assertEqual(len(cra.invoice_ids), 1)

    def test_invoice_button_opens_the_customer_invoices_and_counts_the_bills(self):
        cras = self._validated(self._mission(), {"2026-10-05": 1}) | self._validated(
            self._mission(self.external), {"2026-10-06": 1}
        )
        action = cras.with_user(self.manager).action_open_invoices()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("1 customer invoices and 1 vendor bills", action["params"]["message"])
        shown = self.env["account.move"].search(action["params"]["next"]["domain"])
        self.assertEqual(shown, cras.invoice_ids)
        self.assertEqual(set(shown.mapped("move_type")), {"out_invoice"})
        self.assertIn("'default_move_type': 'out_invoice'", action["params"]["next"]["context"])
        with self.assertRaisesRegex(UserError, "already invoiced"):
            cras.with_user(self.manager).action_open_invoices()

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

    def test_invoiced_follows_the_invoice_whatever_happens_to_it(self):
        cra = self._validated(self._mission(), {"2026-10-05": 1, "2026-10-06": 1})
        invoice, _bill = self._invoice(cra)
        self.assertEqual(cra.state, "invoiced")
        invoice.button_cancel()
        self.assertEqual(cra.state, "validated", "a cancelled invoice frees the report")
        invoice.button_draft()
        self.assertEqual(cra.state, "invoiced", "reset to draft, it bills the report again")
        self._post(invoice)
        reversal = invoice._reverse_moves([{"invoice_date": invoice.invoice_date}])
        self.assertEqual(reversal.invoice_line_ids.esn_cra_id, cra, "the credit note credits the same days")
        self.assertEqual(cra.state, "invoiced", "a draft credit note frees nothing")
        reversal.action_post()
        self.assertEqual(cra.state, "validated", "a posted full credit note frees the report")
        reversal.button_draft()
        self.assertEqual(cra.state, "invoiced", "the credit note reset to draft: the invoice bills again")
        with self.assertRaisesRegex(UserError, "Only submitted or validated"):
            cra.with_user(self.manager).action_reject("Too late")
        self.assertTrue(cra.timesheet_ids, "an invoiced report keeps its timesheets")
        reversal.action_post()
        again, _bill = self._invoice(cra)
        self.assertEqual(again.amount_untaxed, 1200)
        again.unlink()
        self.assertEqual(cra.state, "validated", "a deleted invoice frees the report")

    def test_invoice_lines_keep_their_report(self):
        cra = self._validated(self._mission(), {"2026-10-05": 1})
        invoice, _bill = self._invoice(cra)
        line = invoice.invoice_line_ids
        with self.assertRaisesRegex(UserError, "never by hand"):
            line.with_user(self.manager).write({"esn_cra_id": False})
        other = self._validated(self._mission(), {"2026-10-06": 1})
        manual = self.env["account.move"].create({"move_type": "out_invoice", "partner_id": self.client.id})
        with self.assertRaisesRegex(UserError, "never by hand"):
            manual.with_user(self.manager).write(
                {"invoice_line_ids": [(0, 0, {"name": "x", "price_unit": 1, "esn_cra_id": other.id})]}
            )
        self.assertEqual((line.esn_cra_id, cra.state, other.state), (cra, "invoiced", "validated"))

    def test_refuses_reports_not_ready(self):
        mission = self._mission(client_approval_required=True)
        pending = self._validated(mission, {"2026-10-05": 1})
        draft = self.env["esn.cra"].browse(
            self.env["esn.cra"].set_days(mission.name, "2026-09", {"2026-09-07": 1})
        )
        with self.assertRaisesRegex(
            UserError,
            r"not ready to invoice .*October 2026 \(Validated, Awaiting Client\).*September 2026 \(Draft\)",
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

    def test_vendor_bill_posting_enforces_compliance(self):
        days = dict.fromkeys([f"2026-10-{day:02d}" for day in (1, 2, 5, 6, 7, 8, 9, 12, 13, 14, 15)], 1)
        cra = self._validated(self._mission(self.external, sell=800, buy=500), days)
        _invoice, bill = self._invoice(cra)
        self.env.company.esn_compliance_enforcement = "block"
        self._receive_contractor_invoice(bill, "SUB-2026-118")
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

    def test_vigilance_threshold_on_the_contract_wherever_it_applies(self):
        """R8222-1: the 5,000 EUR threshold is the contract's, at validation as at bill posting."""
        year = self._mission(self.external, sell=800, buy=400)  # a year at 400 a day
        second = self.env["hr.employee"].create({"name": "Short Ext", "esn_supplier_id": self.supplier.id})
        week = self._mission(second, sell=800, buy=400, ordered_days=5)  # 2,000 in all
        days = {"2026-10-05": 1, "2026-10-06": 1, "2026-10-07": 1}
        year_cra, week_cra = (
            self.env["esn.cra"].browse(self.env["esn.cra"].set_days(mission.name, "2026-10", days))
            for mission in (year, week)
        )
        (year_cra | week_cra).action_submit()
        self.env.company.esn_compliance_enforcement = "block"
        self.assertEqual(self.supplier.esn_compliance_state, "non_compliant")
        with self.assertRaises(RedirectWarning):
            year_cra.with_user(self.manager).action_validate()
        self.assertEqual(year_cra.state, "submitted", "1,200 declared, but a contract of a year")
        week_cra.with_user(self.manager).action_validate()
        self.assertEqual(week_cra.state, "validated", "a 2,000 contract is below the threshold")
        year_cra.with_user(self.manager).with_context(
            esn_compliance_override_reason="Checked"
        ).action_validate()
        _invoice, week_bill = self._invoice(week_cra)
        self._receive_contractor_invoice(week_bill, "SUB-1")
        week_bill.with_user(self.manager).action_post()
        self.assertEqual(week_bill.state, "posted", "the bill of a 2,000 contract")
        _invoice, year_bill = self._invoice(year_cra)
        self._receive_contractor_invoice(year_bill, "SUB-2")
        self.assertEqual(year_bill.amount_untaxed, 1200)
        with self.assertRaises(RedirectWarning):
            year_bill.with_user(self.manager).action_post()
        self.assertEqual(year_bill.state, "draft", "a 1,200 bill of a year-long contract")

    def test_activity_report_pdf_attached_on_request(self):
        cra = self._validated(self._mission(), {"2026-10-05": 1})
        invoice, _bill = self._invoice(cra)
        invoice.action_esn_attach_cra_pdf()
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "account.move"), ("res_id", "=", invoice.id)]
        )
        self.assertEqual(attachment.name, f"{cra._get_report_base_filename()}.pdf")
        self.assertTrue(attachment.raw)
