from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.esn_base.tests.common import BrowserClockMixin

from .common import ExpenseCase


@tagged("post_install", "-at_install")
class TestPhoneMonthJourney(BrowserClockMixin, ExpenseCase, HttpCase):
    """A consultant's month on a phone, from the portal home to the client's signature."""

    freeze_time = date(2026, 11, 4)  # October is late
    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        consultant = cls.env["hr.employee"].create(
            {"name": "Journey Consultant", "work_email": "journey@example.com"}
        )
        consultant.esn_login_user_id = new_test_user(
            cls.env, "journey_consultant", groups="base.group_portal"
        )
        cls.mission = cls._mission(consultant, expense_rebill=True, client_approval_required=True)
        cls.cra = cls.env["esn.cra"]._generate_for(cls.mission, "2026-10")

    def test_month_on_a_phone_then_signed_by_the_client(self):
        self.start_tour("/my", "esn_expense_phone_month", login="journey_consultant")
        cra = self.cra
        self.assertEqual(cra.state, "submitted")
        self.assertEqual(len(cra.expense_ids), 1, "the reload after adding the expense added nothing")
        self.assertEqual(cra.expense_ids.total_amount_currency, 36)
        on_call = cra.line_ids.filtered("on_call")
        self.assertEqual(on_call.mapped("date"), [date(2026, 10, 3), date(2026, 10, 4)])
        self.assertEqual(cra.on_call_days, 1.5)
        self.assertEqual(cra.total_days, 22 + 1.5, "October 2026's 22 working days and the weekend")

        cra.with_user(self.manager).action_validate()
        self.start_tour(
            f"/my/cra/{cra.id}/review?token={cra.sudo().client_token}", "esn_expense_client_signs"
        )
        self.assertEqual((cra.client_state, cra.client_signatory), ("approved", "Client Validator"))
