from datetime import date

from odoo.tests import tagged

from .common import BillingCase


@tagged("post_install", "-at_install")
class TestInvoicingScale(BillingCase):
    """Invoicing costs a number of queries that does not grow per report beyond a small constant;
    moves are built as values and created in one batch (no Form)."""

    def _ready(self, count, clients=10):
        partners = self.env["res.partner"].create(
            [{"name": f"Scale client {count}-{i}"} for i in range(clients)]
        )
        employees = self.env["hr.employee"].create([{"name": f"Scale {count}-{i}"} for i in range(count)])
        missions = self.env["esn.mission"].create(
            [
                {
                    "partner_id": partners[i % clients].id,
                    "employee_id": employee.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                    "sell_rate": 600,
                    "buy_rate": 300,
                }
                for i, employee in enumerate(employees)
            ]
        )
        missions.action_activate()
        cras = self.env["esn.cra"].create(
            [{"mission_id": mission.id, "month": "2026-10"} for mission in missions]
        )
        cras.line_ids.filtered(lambda line: line.date.weekday() < 5).write({"quantity": 1})
        cras._workflow_write({"validation_state": "validated", "client_state": "none"})
        return cras.with_user(self.manager)

    def _queries(self, cras):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        moves = cras.action_create_invoices()
        self.env.flush_all()
        return self.cr.sql_log_count - start, moves

    def test_invoicing_1000_reports(self):
        self.drop_future_public_holidays()
        small, _moves = self._queries(self._ready(100))
        large, moves = self._queries(self._ready(1000))
        self.assertEqual(len(moves), 10, "one invoice per client and month")
        per_report = (large - small) / 900
        # left per line, inside Odoo's account.move.line creation: a product check and the tax tags' insert
        message = f"100 reports: {small} queries, 1,000: {large} ({per_report:.2f} per report)"
        self.assertLessEqual(per_report, 2.5, message)
