from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.esn_base.tests.common import BrowserClockMixin
from odoo.addons.esn_billing.tests.common import BillingCase


@freeze_time(date(2026, 12, 3))
@tagged("post_install", "-at_install")
class TestMonthEndTour(BrowserClockMixin, BillingCase, HttpCase):
    """The ESN manager's month end in the browser, in French: from the dashboard, validate last
    month's submitted reports (one of them refused), run the invoicing, post, read the invoices
    and the bills."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.tour_manager = new_test_user(
            cls.env,
            "esn_tour_manager",
            name="Élodie Tournier",
            groups="esn_base.group_esn_manager,account.group_account_invoice",
            lang="fr_FR",
        )
        today = fields.Date.context_today(cls.env["esn.cra"])
        last_month = today.replace(day=1) - relativedelta(months=1)
        cls.month = last_month.strftime("%Y-%m")
        dates = {
            "user_id": cls.tour_manager.id,
            "team_id": False,
            "client_approval_required": False,
            "date_start": last_month - relativedelta(months=2),
            "date_end": today + relativedelta(months=6),
        }
        days = {
            day.isoformat(): 1
            for day in (last_month + relativedelta(days=offset) for offset in range(10))
            if day.weekday() < 5
        }
        salaried = cls._mission(sell=650, **dates)
        cls.submitted = cls.env["esn.cra"].browse(cls.env["esn.cra"].set_days(salaried.name, cls.month, days))
        cls.submitted.action_submit()
        # a second report on the manager's tile, its mission cancelled once it was submitted: a
        # selection of both validates the first and names the second
        cancelled = cls._mission(
            partner_id=cls.env["res.partner"].create({"name": "Cancelled Client SAS", "is_company": True}).id,
            **dates,
        )
        cls.cancelled_report = cls.env["esn.cra"].browse(
            cls.env["esn.cra"].set_days(cancelled.name, cls.month, days)
        )
        cls.cancelled_report.action_submit()
        cancelled.action_cancel()
        cls.external = cls._validated(cls._mission(cls.external, sell=800, buy=500, **dates), days, cls.month)

    def test_month_end_from_the_dashboard_in_french(self):
        self.start_tour(
            "/odoo/action-esn_dashboard.action_esn_dashboard", "esn_month_end_tour", login="esn_tour_manager"
        )
        self.assertEqual((self.submitted | self.external).mapped("state"), ["invoiced", "invoiced"])
        invoice = self.submitted.invoice_ids
        self.assertEqual(invoice, self.external.invoice_ids, "one invoice per client and month")
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(self.external.vendor_bill_ids.state, "draft")
        self.assertEqual(self.cancelled_report.state, "submitted")
