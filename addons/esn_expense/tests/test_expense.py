from datetime import date

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import ExpenseCase


@tagged("post_install", "-at_install")
class TestExpense(ExpenseCase):
    def test_validated_report_approves_its_expenses_and_rebills_them_at_cost_once(self):
        cra = self._draft(self.mission)
        expense = self._declare(cra)
        self.assertEqual((expense.employee_id, expense.esn_cra_id), (self.consultant, cra))
        self.assertEqual(expense.untaxed_amount_currency, 100)
        self.assertEqual(expense.attachment_ids.name, "r.png")
        # rebilled with the report, never through a sale order as well
        self.assertFalse(expense.can_be_reinvoiced)
        self._validate(cra)
        self.assertEqual(expense.state, "approved")
        self.assertEqual(expense.sheet_id.user_id, self.manager)
        # the consultant's reimbursement: Odoo's draft bill to the employee
        self.assertEqual(expense.sheet_id.account_move_ids.state, "draft")

        invoice, bill = self._invoice(cra)
        self.assertFalse(bill)
        days, cost = invoice.invoice_line_ids.sorted(lambda line: bool(line.esn_expense_id))
        self.assertEqual((days.esn_cra_id, days.quantity, days.price_unit), (cra, 2, 600))
        self.assertEqual(cost.esn_expense_id, expense)
        self.assertEqual((cost.product_id, cost.quantity, cost.price_unit), (self.category, 1, 100))
        self.assertEqual(cost.tax_ids, days.tax_ids)
        self.assertEqual(cost.tax_ids.amount, 20)
        self.assertIn("Train Paris-Lyon", cost.name)
        self.assertIn("(10/06/2026)", cost.name, "the expense's date, as the days' in the labels")
        self.assertEqual(invoice.amount_untaxed, 1300)
        self.assertEqual(invoice.amount_tax, 260)

        self.assertEqual(self._invoice(cra), (self.env["account.move"], self.env["account.move"]))
        self.assertEqual(cra._expense_line_values("out_invoice", days.tax_ids), [])
        # a cancelled invoice frees the report and its expense: invoiced again, once
        invoice.button_cancel()
        again, _bill = self._invoice(cra)
        self.assertEqual(again.invoice_line_ids.esn_expense_id, expense)
        self.assertEqual(expense._esn_billing_lines("out_invoice").move_id, again)

    def test_the_account_manager_approves_the_expenses_of_the_report_he_validates(self):
        account_manager = new_test_user(self.env, "exp_account_manager", groups="esn_base.group_esn_user")
        self.mission.user_id = account_manager
        cra = self._draft(self.mission)
        expense = self._declare(cra)
        cra.action_submit()
        cra.with_user(account_manager).action_validate()
        self.assertEqual((cra.state, expense.state), ("validated", "approved"))
        self.assertEqual(expense.sheet_id.user_id, account_manager)
        # never his own: declaring for himself, he validates nothing
        self.consultant.user_id = account_manager
        other = self._draft(self.mission, {"2026-09-07": 1}, month="2026-09")
        self._declare(other, day=date(2026, 9, 7))
        other.action_submit()
        with self.assertRaisesRegex(UserError, "your own expense"):
            other.with_user(account_manager).action_validate()
        self.assertEqual(other.state, "submitted")

    def test_mission_without_rebilling_bills_the_days_only(self):
        mission = self._mission(
            self.env["hr.employee"].create({"name": "No Rebill", "work_email": "nr@example.com"})
        )
        cra = self._draft(mission)
        expense = self._declare(cra)
        self._validate(cra)
        self.assertEqual(expense.state, "approved")
        invoice, _bill = self._invoice(cra)
        self.assertFalse(invoice.invoice_line_ids.esn_expense_id)
        self.assertEqual(invoice.amount_untaxed, 1200)

    def test_rejected_report_returns_its_expenses_to_draft(self):
        cra = self._draft(self.mission)
        expense = self._declare(cra)
        self._validate(cra)
        reimbursement = expense.sheet_id.account_move_ids
        cra.with_user(self.manager).action_reject("Wrong days")
        self.assertEqual((expense.state, expense.sheet_id), ("draft", self.env["hr.expense.sheet"]))
        self.assertFalse(reimbursement.exists())
        # corrected and validated again: approved in a new sheet
        self._validate(cra)
        self.assertEqual(expense.state, "approved")

    def test_a_report_the_client_refuses_returns_its_expenses_to_draft(self):
        """Refused by the client, the report is back with the consultant as when rejected: its
        expenses no longer read approved."""
        mission = self._mission(
            self.env["hr.employee"].create({"name": "Refused Consultant", "work_email": "rc@example.com"}),
            expense_rebill=True,
            client_approval_required=True,
        )
        cra = self._draft(mission)
        expense = self._declare(cra)
        self._validate(cra)
        self.assertEqual((cra.client_state, expense.state), ("pending", "approved"))
        cra.with_user(self.manager).action_client_refuse("Not the days we agreed")
        self.assertEqual(cra.state, "rejected")
        self.assertEqual((expense.state, expense.sheet_id), ("draft", self.env["hr.expense.sheet"]))

    def test_external_consultants_expense_goes_on_the_contractors_bill(self):
        mission = self._mission(self.external, expense_rebill=True)
        cra = self._draft(mission)
        expense = self._declare(cra)
        self.assertEqual(expense.payment_mode, "company_account")
        self._validate(cra)
        self.assertEqual(expense.state, "approved")
        # not reimbursed to the consultant: the contractor bills it
        self.assertFalse(expense.sheet_id.account_move_ids)

        invoice, bill = self._invoice(cra)
        self.assertEqual(bill.partner_id, self.supplier)
        days, cost = bill.invoice_line_ids.sorted(lambda line: bool(line.esn_expense_id))
        self.assertEqual((cost.esn_expense_id, cost.quantity, cost.price_unit), (expense, 1, 100))
        self.assertEqual(cost.tax_ids, days.tax_ids)
        self.assertEqual(cost.tax_ids.type_tax_use, "purchase")
        self.assertEqual(invoice.invoice_line_ids.esn_expense_id, expense)
        self.assertEqual(self._invoice(cra), (self.env["account.move"], self.env["account.move"]))

    def test_links_are_not_written_by_hand(self):
        cra = self._draft(self.mission)
        expense = self._declare(cra)
        with self.assertRaisesRegex(UserError, "declares it with the report"):
            expense.with_user(self.manager).write({"esn_cra_id": False})
        with self.assertRaisesRegex(UserError, "declares it with the report"):
            self.env["hr.expense"].with_user(self.manager).create(
                {
                    "name": "Forged",
                    "employee_id": self.consultant.id,
                    "product_id": self.category.id,
                    "esn_cra_id": cra.id,
                }
            )
        self._validate(cra)
        invoice, _bill = self._invoice(cra)
        line = invoice.invoice_line_ids.filtered("esn_expense_id")
        with self.assertRaisesRegex(UserError, "never by hand"):
            line.with_user(self.manager).write({"esn_expense_id": False})
