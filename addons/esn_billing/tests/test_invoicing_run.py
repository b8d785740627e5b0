from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.esn_cra.tests.common import validated_in_another_company

from .common import DAYS, InvoicingRunCase


@tagged("post_install", "-at_install")
@freeze_time(date(2026, 11, 22))
class TestInvoicingRun(InvoicingRunCase):
    """The month-end invoicing run: a preview per client, then the reports' own invoicing, posting
    and sending, once."""

    def test_preview_per_client_with_blocking_reasons(self):
        wizard = self._wizard()
        self.assertEqual(wizard.month, "2026-10", "last month by default too")
        self.assertEqual(self.env["esn.month.end.invoicing"].with_user(self.invoicer).new().month, "2026-10")
        client, unidentified = wizard.line_ids
        self.assertEqual(client.partner_id, self.client)
        self.assertEqual((client.report_count, client.ready_count, client.days), (4, 2, 5))
        self.assertEqual(client.amount, 2.5 * 600 + 2.5 * 800)
        self.assertIn(
            f"{self.awaiting.display_name}: awaiting the client's approval", client.blocking_reasons
        )
        self.assertIn(f"{self.draft.display_name}: not validated (Draft)", client.blocking_reasons)
        self.assertNotIn(self.salaried.display_name, client.blocking_reasons)
        self.assertEqual((unidentified.ready_count, unidentified.amount), (1, 1500))
        self.assertIn(
            "SIREN (SIRET) or VAT number of the client Unidentified Client", unidentified.blocking_reasons
        )
        # a contractor not compliant when the company blocks: its bill cannot be posted
        self.env.company.esn_compliance_enforcement = "block"
        wizard = self._wizard(partner_ids=[(6, 0, self.client.ids)])
        self.assertEqual(len(wizard.line_ids), 1)
        self.assertIn("Billing Sub is not compliant", wizard.line_ids.blocking_reasons)
        self.assertNotIn("Unidentified", wizard.line_ids.blocking_reasons)

    def test_dates_default_to_the_month_end_unless_locked(self):
        """A month's invoices are issued by the end of the month (C. com. L441-9): dated its last
        day, or today when that day is locked; a date in a locked period is refused."""
        Wizard = self.env["esn.month.end.invoicing"].with_user(self.invoicer)
        wizard = Wizard.create({"month": "2026-10"})
        self.assertEqual((wizard.invoice_date, wizard.bill_date), (date(2026, 10, 31), date(2026, 10, 31)))
        self.assertFalse(wizard.date_warning)
        self.env.company.write(
            {"sale_lock_date": date(2026, 10, 31), "purchase_lock_date": date(2026, 10, 31)}
        )
        wizard = Wizard.create({"month": "2026-10"})
        self.assertEqual((wizard.invoice_date, wizard.bill_date), (date(2026, 11, 22), date(2026, 11, 22)))
        self.assertIn("locked period", wizard.date_warning)
        wizard.invoice_date = date(2026, 10, 30)
        with self.assertRaisesRegex(UserError, "locked until"):
            wizard.action_create_post()
        self.assertFalse(self._moves())

    def test_create_and_post_once(self):
        wizard = self._wizard(bill_date=date(2026, 11, 2))
        action = wizard.action_create_post()
        self.assertEqual((action["res_model"], action["res_id"]), (wizard._name, wizard.id))
        self.assertEqual(wizard.state, "done")
        self.assertEqual(wizard.invoice_ids.partner_id, self.client | self.unidentified)
        self.assertEqual(set(wizard.invoice_ids.mapped("move_type")), {"out_invoice"})
        self.assertEqual(wizard.bill_ids.partner_id, self.supplier)
        self.assertEqual(set(wizard.bill_ids.mapped("move_type")), {"in_invoice"})
        invoice = wizard.invoice_ids.filtered(lambda move: move.partner_id == self.client)
        self.assertEqual((invoice.state, invoice.invoice_date), ("posted", date(2026, 10, 31)))
        self.assertEqual(invoice.amount_untaxed, 3500)
        self.assertEqual(
            (wizard.invoice_ids - invoice).state, "draft", "a client without SIREN: left in draft"
        )
        self.assertEqual(wizard.bill_ids.state, "draft", "awaiting the contractor's own invoice")
        self.assertEqual(set((self.salaried | self.external_cra | self.other).mapped("state")), {"invoiced"})
        self.assertEqual(self.awaiting.state, "validated")
        self.assertEqual(self.draft.state, "draft")
        # the same run again, or a new one: nothing billed twice
        moves = self._moves()
        with self.assertRaisesRegex(UserError, "already invoiced"):
            self._wizard().action_create()
        self.assertEqual(self._moves(), moves)
        again = self._wizard()
        self.assertEqual(again.line_ids.mapped("ready_count"), [0, 0])
        self.assertEqual(again.line_ids.mapped("invoiced_count"), [2, 1])
        self.assertEqual(again.line_ids[0].amount, 0)
        self.assertEqual(wizard.action_view_invoices()["domain"], [("id", "in", wizard.invoice_ids.ids)])
        self.assertEqual(wizard.action_view_bills()["domain"], [("id", "in", wizard.bill_ids.ids)])

    def test_create_post_and_send_by_email(self):
        wizard = self._wizard(partner_ids=[(6, 0, self.client.ids)])
        wizard.action_create_post_send()
        invoice = wizard.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertTrue(invoice.sending_data, "queued for Odoo's sending")
        self.env["account.move"]._cron_account_move_send()
        self.assertFalse(invoice.sending_data)
        self.assertTrue(invoice.is_move_sent)
        self.assertIn(self.client, invoice.message_ids.partner_ids)

    def test_drafts_only(self):
        wizard = self._wizard()
        wizard.action_create()
        self.assertEqual(set((wizard.invoice_ids | wizard.bill_ids).mapped("state")), {"draft"})
        self.assertEqual(wizard.invoice_ids.mapped("invoice_date"), [date(2026, 10, 31)] * 2)

    def test_only_invoicing_users_run_it(self):
        esn_user = new_test_user(self.env, "run_esn_user", groups="esn_base.group_esn_user")
        with self.assertRaises(AccessError):
            self._wizard(user=esn_user)
        wizard = self._wizard()
        for method in ("action_create", "action_create_post", "action_create_post_send"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(wizard.with_user(esn_user), method)()
        self.assertFalse(self._moves())
        self.assertEqual(wizard.state, "preview")
        self.assertEqual(self.salaried.state, "validated")

    def test_the_preview_shows_only_what_the_user_reads(self):
        accountant = new_test_user(self.env, "run_accountant", groups="account.group_account_invoice")
        with self.assertRaises(AccessError):
            self._wizard(user=accountant).read(["line_ids"])
        # a report of another company, ready to invoice to the same client
        theirs = validated_in_another_company(self.salaried.mission_id, DAYS)
        self.assertTrue(theirs.delivered)
        wizard = self._wizard(company_id=theirs.company_id.id)
        self.assertFalse(wizard.line_ids, "nothing of another company's month is shown")
        self.assertEqual(self._wizard().line_ids.cra_ids & theirs, self.env["esn.cra"])
