import re
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.esn_billing.tests.common import InvoicingRunCase

DAYS_TOTAL = 2.5  # esn_billing's test days: the 5th, 6th and half of the 7th of October


@tagged("post_install", "-at_install")
@freeze_time("2026-11-22")
class TestMonthClosing(InvoicingRunCase, HttpCase):
    """October 2026 of a French ESN: accruals of what is validated and not invoiced or billed by
    the 31st, the payroll locked, the month closed and its reports frozen."""

    own_company = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env,
            "closing_admin",
            groups="esn_base.group_esn_admin,esn_payroll.group_esn_payroll_manager",
            email="closing@example.com",
        )
        cls.consultant_user = new_test_user(cls.env, "closing_consultant", groups="base.group_portal")
        cls.draft.employee_id.esn_login_user_id = cls.consultant_user
        cls.closing = cls.env["esn.month.closing"].with_user(cls.admin).create({"month": "2026-10"})
        cls.chart = cls.env["account.chart.template"].with_company(cls.env.company)

    def _balances(self, move):
        balances = {}
        for line in move.line_ids:
            balances[line.account_id.code] = balances.get(line.account_id.code, 0.0) + line.balance
        return balances

    def _lock_payroll(self):
        period = self.env["esn.payroll.period"].with_user(self.admin).create({"month": "2026-10"})
        period.action_export("csv")
        period.action_lock()

    def _close(self):
        self.closing.action_post_accruals()
        self._lock_payroll()
        self.closing.with_user(self.admin).action_close()

    def test_accruals_are_the_reports_not_invoiced_or_billed_and_reversed_on_the_first(self):
        # invoiced in October: not accrued; the unidentified client's is invoiced in November
        invoice, _bills = self._invoice(self.salaried)
        self._post(invoice)
        self.unidentified.siret = "40483304800022"
        late, _bills = self._invoice(self.other)
        self._post(late, day=date(2026, 11, 3))
        self.closing.with_user(self.admin).action_post_accruals()
        # the external consultant's days (800) and the late invoice's (600); not awaiting the client
        revenue = DAYS_TOTAL * 800 + DAYS_TOTAL * 600
        cost = DAYS_TOTAL * 500
        self.assertEqual((self.closing.accrued_revenue, self.closing.accrued_cost), (revenue, cost))
        move, reversal = self.closing.accrual_move_id, self.closing.accrual_reversal_id
        self.assertEqual(
            (move.state, move.date, reversal.state, reversal.date),
            ("posted", date(2026, 10, 31), "posted", date(2026, 11, 1)),
        )
        self.assertEqual(
            self._balances(move),
            {"418100": revenue, "706000": -revenue, "604000": cost, "408100": -cost}
            if "604000" in self._balances(move)
            else {"418100": revenue, "706000": -revenue, "611000": cost, "408100": -cost},
        )
        self.assertEqual(
            self._balances(reversal), {code: -amount for code, amount in self._balances(move).items()}
        )
        self.assertEqual(late.amount_untaxed, DAYS_TOTAL * 600, "the accrual is the invoice's own amount")
        # a second run replaces the first: its entries cancelled, kept
        external_invoice, external_bill = self._invoice(self.external_cra)
        self._post(external_invoice)
        self._post(self._receive_contractor_invoice(external_bill, "SUB-1031"))
        self.closing.with_user(self.admin).action_post_accruals()
        self.assertEqual((move.state, reversal.state), ("cancel", "cancel"))
        self.assertEqual((self.closing.accrued_revenue, self.closing.accrued_cost), (DAYS_TOTAL * 600, 0.0))
        self.assertEqual(self._balances(self.closing.accrual_move_id), {"418100": 1500.0, "706000": -1500.0})
        dashboard = self.env["esn.dashboard.month"].search(
            [("month", "=", "2026-10"), ("company_id", "=", self.env.company.id)]
        )
        self.assertTrue(dashboard)
        self.assertEqual(
            set(dashboard.mapped("accrued_revenue")), {1500.0}, "the company's month on each tile"
        )

    def test_close_needs_accruals_and_payroll_then_freezes_the_month(self):
        with self.assertRaisesRegex(UserError, "Post the accruals"):
            self.closing.with_user(self.admin).action_close()
        self.closing.with_user(self.admin).action_post_accruals()
        with self.assertRaisesRegex(UserError, "payroll variables of .* are not locked"):
            self.closing.with_user(self.admin).action_close()
        with self.assertRaises(AccessError):
            self.closing.with_user(self.manager).action_close()
        self._lock_payroll()
        self.closing.with_user(self.admin).action_close()
        self.assertEqual((self.closing.state, self.closing.closed_by_id), ("closed", self.admin))
        with self.assertRaisesRegex(UserError, "2026-10 is closed"):
            self.draft._set_days({"2026-10-08": 1})
        with self.assertRaisesRegex(UserError, "2026-10 is closed"):
            self.salaried.with_user(self.manager).action_reject("Wrong")
        # a report made after the closing (a mission entered late) is paid and invoiced later
        late = self.env["esn.cra"]._generate_for(
            self._mission(self.env["hr.employee"].create({"name": "New"})), "2026-10"
        )
        late._set_days({"2026-10-05": 1})
        self.assertFalse(late.month_closing_id)
        with self.assertRaisesRegex(UserError, "changes only through the action"):
            late.with_user(self.admin).write({"month_closing_id": self.closing.id})
        with self.assertRaisesRegex(UserError, "is closed: reopen it first"):
            self.closing.with_user(self.admin).action_post_accruals()
        self.assertEqual((self.salaried.state, self.draft.total_days), ("validated", DAYS_TOTAL))
        # invoicing what was validated goes on (a credit note corrects it)
        invoice, _bills = self._invoice(self.awaiting.browse())  # nothing: awaiting the client
        self.assertFalse(invoice)
        invoice, _bills = self._invoice(self.salaried)
        self.assertEqual(self.salaried.state, "invoiced")
        # the books locked to the month's end: accounting administrators only
        with self.assertRaises(AccessError):
            self.closing.with_user(self.admin).action_lock_books()
        accountant = new_test_user(
            self.env, "closing_accountant", groups="esn_base.group_esn_manager,account.group_account_manager"
        )
        self.closing.with_user(accountant).action_lock_books()
        self.assertEqual(
            (self.env.company.sale_lock_date, self.env.company.purchase_lock_date),
            (date(2026, 10, 31), date(2026, 10, 31)),
        )
        # reopening: administrators only, with a reason, logged
        with self.assertRaisesRegex(UserError, "Give the reason"):
            self.closing.with_user(self.admin).action_reopen(["not", "a", "reason"])
        with self.assertRaises(AccessError):
            self.closing.with_user(self.manager).action_reopen("Because")
        with self.assertRaisesRegex(UserError, "Give the reason"):
            self.closing.with_user(self.admin).action_reopen("  ")
        wizard = (
            self.env["esn.month.reopen.wizard"]
            .with_user(self.admin)
            .create({"closing_id": self.closing.id, "reason": "Late report of a consultant"})
        )
        wizard.action_reopen()
        self.assertEqual(self.closing.state, "open")
        self.assertEqual(
            (self.closing.reopening_ids.user_id, self.closing.reopening_ids.reason),
            (self.admin, "Late report of a consultant"),
        )
        self.draft._set_days({"2026-10-08": 1})
        self.assertEqual(self.draft.total_days, DAYS_TOTAL + 1)

    def test_workflow_fields_refused_on_direct_write(self):
        with self.assertRaisesRegex(UserError, "changes only through the action action_close"):
            self.closing.with_user(self.admin).write({"state": "closed"})
        with self.assertRaisesRegex(UserError, "changes only through the action action_post_accruals"):
            self.closing.with_user(self.admin).write({"accrued_revenue": 1})
        with self.assertRaises(AccessError):
            self.env["esn.month.reopening"].with_user(self.admin).create(
                {"closing_id": self.closing.id, "user_id": self.admin.id, "reason": "forged"}
            )
        self.assertEqual((self.closing.state, self.closing.accrued_revenue), ("open", 0.0))

    @mute_logger("odoo.http")
    def test_closed_month_refused_on_the_portal_and_over_json_rpc(self):
        self._close()
        self.authenticate("closing_consultant", "closing_consultant")
        page = self.url_open(f"/my/cra/{self.draft.id}")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            f"/my/cra/{self.draft.id}",
            data={
                "csrf_token": csrf,
                "op": "save",
                "day_2026-10-05": "1",
                "day_2026-10-06": "1",
                "day_2026-10-08": "1",
            },
        )
        self.assertIn("2026-10 is closed", response.text)
        self.authenticate("billing_manager", "billing_manager")
        with self.assertRaisesRegex(JsonRpcException, "UserError"):
            self.call_kw("esn.cra", "action_reject", [self.salaried.id], "Wrong")
        self.authenticate("closing_admin", "closing_admin")
        with self.assertRaisesRegex(JsonRpcException, "UserError"):
            self.call_kw("esn.month.closing", "write", [self.closing.id], {"state": "open"})
        self.draft.invalidate_recordset()
        self.salaried.invalidate_recordset()
        self.closing.invalidate_recordset()
        self.assertEqual(
            (self.draft.total_days, self.salaried.state, self.closing.state),
            (DAYS_TOTAL, "validated", "closed"),
        )
