import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.esn_cra.tests.common import commit_submitted_cra, remove_committed_cra


@tagged("post_install", "-at_install")
class TestConcurrentInvoicing(TransactionCase):
    """Two users invoicing the same reports at once never bill a report twice. Needs two real
    transactions: the data is committed in its own cursor and removed afterwards."""

    def test_two_users_invoice_at_once(self):
        ids = commit_submitted_cra(self.registry, "Concurrent billing")
        try:
            with self.registry.cursor() as cr:
                api.Environment(cr, SUPERUSER_ID, {})["esn.cra"].browse(ids["cra"]).action_validate()
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
            remove_committed_cra(self.registry, ids)

    def test_two_users_rebill_a_cancelled_vendor_bill_at_once(self):
        """The customer invoice exists and the vendor bill was cancelled: invoicing again from two
        transactions at once makes one new bill, not two."""
        ids = commit_submitted_cra(self.registry, "Concurrent rebilling", external=True)
        try:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {"esn_compliance_override_reason": "test"})
                cra = env["esn.cra"].browse(ids["cra"])
                cra.action_validate()
                cra.action_create_invoices()
                cra.vendor_bill_line_ids.move_id.button_cancel()
            with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
                cra_a = api.Environment(cr_a, SUPERUSER_ID, {})["esn.cra"].browse(ids["cra"])
                cra_b = api.Environment(cr_b, SUPERUSER_ID, {})["esn.cra"].browse(ids["cra"])
                self.assertEqual(
                    len(cra_b.vendor_bill_line_ids), 1, "B has read the report before A bills it"
                )
                self.assertEqual(len(cra_a.action_create_invoices()), 1)
                cr_a.commit()
                with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.SerializationFailure):
                    cra_b.action_create_invoices()
                cr_b.rollback()
                self.assertEqual(
                    retrying(cra_b.action_create_invoices, cra_b.env), [], "B, retried, bills nothing"
                )
            with self.registry.cursor() as cr:
                cra = api.Environment(cr, SUPERUSER_ID, {})["esn.cra"].browse(ids["cra"])
                bills = cra.vendor_bill_line_ids.move_id
                self.assertEqual(sorted(bills.mapped("state")), ["cancel", "draft"])
                self.assertEqual(len(cra.invoice_line_ids.move_id), 1)
        finally:
            remove_committed_cra(self.registry, ids)
