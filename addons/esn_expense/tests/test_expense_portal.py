import re

from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from .common import DAYS, RECEIPT, ExpenseCase


@tagged("post_install", "-at_install")
class TestExpensePortal(ExpenseCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consultant_user = new_test_user(cls.env, "exp_consultant", groups="base.group_portal")
        cls.consultant.esn_login_user_id = cls.consultant_user
        cls.cra = cls._draft(cls.mission)
        cls.other_user = new_test_user(cls.env, "exp_other", groups="base.group_portal")
        other = cls.env["hr.employee"].create(
            {
                "name": "Other Consultant",
                "esn_login_user_id": cls.other_user.id,
                "work_email": "o@example.com",
            }
        )
        cls.other_cra = cls._draft(cls._mission(other, expense_rebill=True))

    def _csrf(self, url):
        return re.search(r'name="csrf_token" value="([^"]+)"', self.url_open(url).text).group(1)

    def _post_expense(self, cra, receipt=RECEIPT, page=None, **values):
        data = {
            "csrf_token": self._csrf(page or f"/my/cra/{cra.id}"),
            "date": "2026-10-06",
            "product_id": str(self.category.id),
            "amount": "120,00",
            "description": "Train Paris-Lyon",
            **values,
        }
        files = {"receipt": ("ticket.jpg", receipt, "image/jpeg")} if receipt else None
        return self.url_open(f"/my/cra/{cra.id}/expenses", data=data, files=files)

    def test_consultant_declares_an_expense_rebilled_on_the_client_invoice(self):
        self.authenticate("exp_consultant", "exp_consultant")
        page = self.url_open(f"/my/cra/{self.cra.id}")
        self.assertIn("o_esn_cra_expense_form", page.text)
        self.assertIn('accept="image/*,application/pdf"', page.text)
        response = self._post_expense(self.cra)
        self.assertIn("Expense added", response.text)
        # answered by a redirect: reloading the page it lands on declares nothing again
        self.assertEqual([step.status_code for step in response.history], [303])
        self.assertTrue(response.url.endswith(f"/my/cra/{self.cra.id}?expense=added"))
        self.assertIn("Expense added", self.url_open(response.url).text)
        expense = self.cra.expense_ids
        self.assertEqual(
            (expense.employee_id, expense.total_amount_currency, expense.untaxed_amount_currency),
            (self.consultant, 120, 100),
        )
        self.assertEqual(expense.attachment_ids.name, "ticket.jpg")
        self.assertIn("Train Paris-Lyon", self.url_open("/my/cra/month/2026-10").text)

        self._validate(self.cra)
        invoice, _bill = self._invoice(self.cra)
        self.assertEqual(invoice.invoice_line_ids.mapped("esn_cra_id"), self.cra)
        cost = invoice.invoice_line_ids.filtered("esn_expense_id")
        self.assertEqual((cost.esn_expense_id, cost.price_unit, cost.tax_ids.amount), (expense, 100, 20))
        self.assertEqual(cost.account_id.code, "708500", "expenses rebilled: ancillary income, not sales")
        self.assertEqual(invoice.amount_total, 2 * 600 * 1.2 + 120)
        self.assertEqual(self._invoice(self.cra), (self.env["account.move"], self.env["account.move"]))

    def test_month_page_declares_for_each_report(self):
        self.authenticate("exp_consultant", "exp_consultant")
        response = self._post_expense(self.cra, page="/my/cra/month/2026-10", origin="month")
        self.assertIn("o_esn_cra_month", response.text)
        self.assertEqual(len(self.cra.expense_ids), 1)

    def test_refused_declarations_write_nothing(self):
        self.env["ir.config_parameter"].set_param("esn_compliance.max_upload_mb", 1)
        self.authenticate("exp_consultant", "exp_consultant")
        for values, message in (
            ({"amount": "1e15"}, "declared with the back office"),
            ({"amount": "10000,01"}, "declared with the back office"),
            ({"receipt": RECEIPT + b"\0" * 1024 * 1024}, "larger than 1 MB"),
            ({"date": "2026-11-02"}, "must be in"),
            ({"date": "not a date"}, "not a date|expense&#39;s date"),
            ({"amount": "-10"}, "must be positive"),
            ({"amount": "0"}, "must be positive"),
            ({"amount": "ten euros"}, "must be a number"),
            ({"amount": "nan"}, "must be a number"),
            ({"product_id": str(self.product.id)}, "category in the list"),
            ({"receipt": b"MZ not an image"}, "Attach the receipt"),
            ({"receipt": None}, "Attach the receipt"),
        ):
            with self.subTest(values=values):
                response = self._post_expense(self.cra, **values)
                self.assertRegex(response.text, message)
        # another consultant's report: not theirs to reach
        response = self._post_expense(self.other_cra, page=f"/my/cra/{self.cra.id}")
        self.assertNotIn("Expense added", response.text)
        self.assertFalse((self.cra | self.other_cra).expense_ids)
        self.assertFalse(
            self.env["ir.attachment"].search([("res_model", "=", "hr.expense"), ("name", "=", "ticket.jpg")])
        )

    def test_request_past_the_upload_limit_goes_back_to_the_report(self):
        """Odoo refuses a request past its route's limit before reading it: the consultant is sent
        back to the report's page, which says why, rather than to a bare error."""
        self.env["ir.config_parameter"].set_param("esn_compliance.max_upload_mb", 1)
        self.authenticate("exp_consultant", "exp_consultant")
        response = self._post_expense(self.cra, receipt=RECEIPT + b"\0" * 3 * 1024 * 1024)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith(f"/my/cra/{self.cra.id}?receipt_too_large=1"))
        self.assertIn("larger than 1 MB", response.text)
        self.assertFalse(self.cra.expense_ids)
        # the page's message is for the consultant's own report only
        response = self.url_open(f"/my/cra/{self.other_cra.id}?receipt_too_large=1", allow_redirects=False)
        self.assertEqual(response.status_code, 303)

    def test_portal_users_reach_expenses_only_through_the_portal(self):
        expense = self._declare(self.cra)
        self.authenticate("exp_consultant", "exp_consultant")
        for method, args in (
            ("search_read", ([], ["name"])),
            ("write", ([expense.id], {"total_amount_currency": 1})),
            ("create", ({"name": "Forged", "employee_id": self.consultant.id, "esn_cra_id": self.cra.id},)),
        ):
            with self.subTest(method=method), self.assertRaisesRegex(JsonRpcException, "AccessError"):
                self.call_kw("hr.expense", method, *args)
        self.assertEqual(self.cra.expense_ids, expense)
        self.assertEqual(expense.total_amount_currency, 120)

    def test_submitted_report_takes_no_expense(self):
        self.cra.action_submit()
        self.authenticate("exp_consultant", "exp_consultant")
        response = self._post_expense(self.cra)
        self.assertIn("is submitted", response.text)
        self.assertFalse(self.cra.expense_ids)
        self.cra.with_user(self.manager).action_validate()
        self._post_expense(self.cra)
        self.assertFalse(self.cra.expense_ids)

    def test_delete_only_own_draft_expenses(self):
        expense = self._declare(self.cra)
        theirs = self._declare(self.other_cra)
        self.authenticate("exp_other", "exp_other")
        csrf = self._csrf(f"/my/cra/{self.other_cra.id}")
        for cra in (self.cra, self.other_cra):
            self.url_open(f"/my/cra/{cra.id}/expenses/{expense.id}/delete", data={"csrf_token": csrf})
        self.assertTrue(expense.exists())

        self.authenticate("exp_consultant", "exp_consultant")
        csrf = self._csrf(f"/my/cra/{self.cra.id}")
        self.cra.action_submit()
        response = self.url_open(
            f"/my/cra/{self.cra.id}/expenses/{expense.id}/delete", data={"csrf_token": csrf}
        )
        self.assertIn("cannot be deleted", response.text)
        self.assertTrue(expense.exists())
        self.cra.with_user(self.manager).action_reject("Fix it")
        response = self.url_open(
            f"/my/cra/{self.cra.id}/expenses/{expense.id}/delete", data={"csrf_token": csrf}
        )
        self.assertIn("Expense deleted", response.text)
        self.assertFalse(expense.exists())
        self.assertTrue(theirs.exists())
        self.assertEqual(self.cra.total_days, sum(DAYS.values()))

    def test_the_client_sees_the_expenses_it_is_billed_before_signing(self):
        mission = self._mission(
            self.env["hr.employee"].create({"name": "Approved Consultant", "work_email": "ac@example.com"}),
            expense_rebill=True,
            client_approval_required=True,
        )
        cra = self._draft(mission)
        self._declare(cra, description="Hotel Lyon")
        self._validate(cra)
        self.assertEqual(cra.client_state, "pending")
        page = self.url_open(f"/my/cra/{cra.id}/review?token={cra.sudo().client_token}").text
        self.assertIn("Expenses rebilled at cost", page)
        self.assertIn("Hotel Lyon", page)
        mission_without = self._mission(
            self.env["hr.employee"].create({"name": "Not Rebilled", "work_email": "nr@example.com"}),
            client_approval_required=True,
        )
        other = self._draft(mission_without)
        self._declare(other, description="Taxi")
        self._validate(other)
        page = self.url_open(f"/my/cra/{other.id}/review?token={other.sudo().client_token}").text
        self.assertNotIn("Taxi", page, "not billed to the client: not shown")

    def test_my_expenses_lists_the_consultants_own_with_their_status(self):
        mine = self._declare(self.cra, description="Train Paris-Lyon")
        theirs = self._declare(self.other_cra, description="Someone else's taxi")
        self.authenticate("exp_consultant", "exp_consultant")
        self.assertIn("/my/expenses", self.url_open("/my").text)
        page = self.url_open("/my/expenses").text
        self.assertIn("Train Paris-Lyon", page)
        self.assertNotIn("Someone else", page)
        self.assertIn(f"/my/cra/{self.cra.id}", page)
        self.assertIn("To send with the report", page)
        self.cra.action_submit()
        self.assertIn("Awaiting approval", self.url_open("/my/expenses").text)
        self.cra.with_user(self.manager).action_validate()
        self.assertEqual(mine.state, "approved")
        self.assertIn("Approved", self.url_open("/my/expenses").text)
        self.assertTrue(theirs.exists())

    def test_deleting_asks_first_in_the_browser(self):
        expense = self._declare(self.cra)
        self.start_tour(f"/my/cra/{self.cra.id}", "esn_expense_delete", login="exp_consultant")
        self.assertFalse(expense.exists())

    def test_portal_home_counts_own_expenses(self):
        self._declare(self.cra)
        self._declare(self.other_cra)
        self.authenticate("exp_consultant", "exp_consultant")
        self.assertIn("My Expenses", self.url_open("/my").text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["esn_expense_count"]})
        self.assertEqual(counters, {"esn_expense_count": 1})
