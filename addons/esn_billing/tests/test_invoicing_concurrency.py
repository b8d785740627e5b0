from datetime import date

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestConcurrentInvoicing(TransactionCase):
    """Two users invoicing the same reports at once never bill a report twice. Needs two real
    transactions: the data is committed in its own cursor and removed afterwards."""

    def test_two_users_invoice_at_once(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            client = env["res.partner"].create({"name": "Concurrent billing client"})
            employee = env["hr.employee"].create({"name": "Concurrent billed consultant"})
            mission = env["esn.mission"].create(
                {
                    "partner_id": client.id,
                    "employee_id": employee.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                    "sell_rate": 600,
                    "buy_rate": 300,
                }
            )
            mission.action_activate()
            cra = env["esn.cra"].browse(env["esn.cra"].set_days(mission.name, "2026-10", {"2026-10-05": 1}))
            cra.action_submit()
            cra.action_validate()
            ids = {
                "cra": cra.id,
                "mission": mission.id,
                "employee": employee.id,
                "client": client.id,
                "project": mission.project_id.id,
            }
        try:
            with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
                cra_a = api.Environment(cr_a, SUPERUSER_ID, {})["esn.cra"].browse(ids["cra"])
                cra_b = api.Environment(cr_b, SUPERUSER_ID, {})["esn.cra"].browse(ids["cra"])
                self.assertEqual(cra_b.state, "validated", "B has read the report before A invoices it")
                self.assertEqual(len(cra_a.action_create_invoices()), 1)
                cr_b.execute("SET LOCAL lock_timeout = '500ms'")
                with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.LockNotAvailable):
                    cra_b.action_create_invoices()
                cr_b.rollback()
                cr_a.commit()
                self.assertEqual(
                    cra_b.action_create_invoices(), [], "B waits for A, then finds nothing to bill"
                )
            with self.registry.cursor() as cr:
                cra = api.Environment(cr, SUPERUSER_ID, {})["esn.cra"].browse(ids["cra"])
                self.assertEqual(len(cra.invoice_line_ids.move_id), 1)
                self.assertEqual(cra.state, "invoiced")
        finally:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                cra = env["esn.cra"].browse(ids["cra"])
                cra.invoice_line_ids.move_id.unlink()
                cra.timesheet_ids.unlink()
                cra.write({"state": "draft"})
                cra.unlink()
                env["esn.mission"].browse(ids["mission"]).unlink()
                env["project.project"].browse(ids["project"]).unlink()
                env["hr.employee"].browse(ids["employee"]).unlink()
                env["res.partner"].browse(ids["client"]).unlink()
