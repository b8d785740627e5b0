from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import BillingCase


@tagged("post_install", "-at_install")
@freeze_time(date(2026, 11, 22))
class TestInvoicingSaleOrder(BillingCase):
    """A mission sold on a sale order keeps the order consistent: delivered days from its activity
    reports, invoiced days from the suite's invoices, and Odoo's own invoicing of the order neither
    bills nor credits them."""

    def _order(self, unit=None, quantity=20):
        values = {
            "product_id": self.product.id,
            "product_uom_qty": quantity,
            "price_unit": 700,
            "esn_employee_id": self.env["hr.employee"].create({"name": "From SO"}).id,
            "esn_date_start": date(2026, 1, 1),
            "esn_date_end": date(2026, 12, 31),
        }
        if unit:
            values.update(product_uom=unit.id, price_unit=700 / 8)
        order = self.env["sale.order"].create({"partner_id": self.client.id, "order_line": [(0, 0, values)]})
        order.action_confirm()
        mission = order.order_line.esn_mission_ids
        mission.action_activate()
        return order, mission

    def test_order_line_delivered_and_invoiced_from_activity_reports(self):
        order, mission = self._order()
        line = order.order_line
        self.assertEqual(line.qty_delivered_method, "esn_cra")
        self.assertEqual(
            mission.project_id.sale_line_id, line, "the mission's project bills through the line"
        )
        cra = self._validated(mission, {"2026-10-05": 1, "2026-10-06": 0.5})
        self.assertEqual((line.qty_delivered, line.qty_invoiced, line.qty_to_invoice), (1.5, 0, 1.5))
        invoice, _bill = self._invoice(cra)
        self.assertEqual(invoice.invoice_line_ids.sale_line_ids, line)
        self.assertEqual((line.qty_delivered, line.qty_invoiced, line.qty_to_invoice), (1.5, 1.5, 0))
        self.assertEqual(order.invoice_status, "no", "nothing left to invoice until more days are delivered")
        # Odoo's own "Create invoice" finds nothing to bill or credit
        with self.assertRaises(UserError):
            order._create_invoices()
        self.assertEqual(order.invoice_ids, invoice)
        invoice.button_cancel()
        self.assertEqual((line.qty_invoiced, line.qty_to_invoice), (0, 1.5))

    def test_the_invoice_is_on_the_orders_terms(self):
        """Invoiced as Odoo invoices the order: its invoice address, payment terms, fiscal position
        and salesperson; the days' timesheets are invoiced by it (sale_timesheet)."""
        order, mission = self._order()
        accounts = self.env["res.partner"].create(
            {"name": "Client Accounts Payable", "parent_id": self.client.id, "type": "invoice"}
        )
        order.write(
            {
                "partner_invoice_id": accounts.id,
                "payment_term_id": self.env.ref("account.account_payment_term_45days").id,
                "client_order_ref": "CMD-2026-9",
            }
        )
        cra = self._validated(mission, {"2026-10-05": 1, "2026-10-06": 1})
        invoice, _bill = self._invoice(cra, invoice_date=date(2026, 10, 31))
        self.assertRecordValues(
            invoice,
            [
                {
                    "partner_id": accounts.id,
                    "invoice_payment_term_id": order.payment_term_id.id,
                    "fiscal_position_id": order.fiscal_position_id.id,
                    "invoice_user_id": order.user_id.id,
                    "invoice_date_due": date(2026, 12, 15),
                }
            ],
        )
        self.assertEqual(invoice.ref, "CMD-2026-9", "the order's reference")
        self.assertTrue(cra.timesheet_ids)
        self.assertEqual(cra.timesheet_ids.timesheet_invoice_id, invoice)
        invoice.button_cancel()
        again, _bill = self._invoice(cra, invoice_date=date(2026, 10, 31))
        self.assertEqual(cra.timesheet_ids.timesheet_invoice_id, again, "the cancelled invoice lets them go")

    def test_all_ordered_days_billed_makes_the_order_fully_invoiced(self):
        order, mission = self._order(quantity=2)
        cra = self._validated(mission, {"2026-10-05": 1, "2026-10-06": 1})
        self._invoice(cra)
        self.assertEqual(order.invoice_status, "invoiced")

    def test_client_approval_counts_before_delivery(self):
        order, mission = self._order()
        mission.write(
            {
                "client_approval_required": True,
                "client_validator_id": self.env["res.partner"]
                .create({"name": "Client Validator", "parent_id": self.client.id})
                .id,
            }
        )
        cra = self._validated(mission, {"2026-10-05": 1})
        self.assertEqual(order.order_line.qty_delivered, 0, "not delivered until the client approves")
        cra.with_user(self.manager).action_client_approve()
        self.assertEqual(order.order_line.qty_delivered, 1)

    def test_order_line_in_hours(self):
        hours = self.env.ref("uom.product_uom_hour")
        order, mission = self._order(unit=hours)
        cra = self._validated(mission, {"2026-10-05": 1, "2026-10-06": 0.5})
        self.assertEqual(order.order_line.qty_delivered, 12, "1.5 days of 8 hours")
        invoice, _bill = self._invoice(cra)
        line = invoice.invoice_line_ids
        self.assertEqual((line.quantity, line.product_uom_id), (12, hours))
        self.assertAlmostEqual(line.price_unit, 87.5)
        self.assertAlmostEqual(invoice.amount_untaxed, 1050)
        self.assertEqual(order.order_line.qty_to_invoice, 0)
