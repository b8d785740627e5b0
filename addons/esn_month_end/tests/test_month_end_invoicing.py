from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.esn_billing.tests.common import InvoicingRunCase

from .common import MonthEndCase


@tagged("post_install", "-at_install")
@freeze_time(date(2026, 11, 22))
class TestMonthEndInvoicingInJobs(MonthEndCase, InvoicingRunCase):
    """The invoicing run beyond a job's worth of reports."""

    def test_large_selection_in_background_jobs(self):
        self.env["ir.config_parameter"].sudo().set_param("esn_month_end.job_size", 1)
        action = self._wizard().action_create_post()
        self.assertEqual(action["tag"], "display_notification")
        self.assertFalse(self._moves(), "queued, not done yet")
        self._run_jobs()
        invoices = self._moves().filtered(lambda move: move.move_type == "out_invoice")
        self.assertEqual(len(invoices), 2)
        self.assertEqual(invoices.filtered(lambda move: move.partner_id == self.client).state, "posted")
        self.assertEqual(
            invoices.filtered(lambda move: move.partner_id == self.client).invoice_date, date(2026, 10, 31)
        )
