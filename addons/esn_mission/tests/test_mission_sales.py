from datetime import date

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import MissionCase


@tagged("post_install", "-at_install")
class TestMissionSales(MissionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env.ref("esn_mission.product_consultant_day")
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Odoo roll-out",
                "type": "opportunity",
                "partner_id": cls.client.id,
                "esn_staffing_ids": [(0, 0, {"employee_id": cls.external.id, "sell_rate": 700})],
            }
        )

    def _run_wizard(self):
        # Odoo's demo data puts a company day off near today: only the public holidays count here
        self.env["resource.calendar.leaves"].sudo().search(
            [("resource_id", "=", False), ("esn_holiday_key", "=", False)]
        ).unlink()
        wizard = Form(self.env["esn.mission.from.lead"].with_context(default_lead_id=self.lead.id))
        wizard.date_start = date(2026, 2, 2)
        wizard.date_end = date(2026, 7, 31)
        wizard.client_po = "PO-42"
        return wizard.save().action_confirm()

    def test_won_opportunity_wizard_once(self):
        self.env.company.sudo().esn_compliance_enforcement = "warn"
        action = self._run_wizard()
        mission = self.lead.esn_mission_ids
        self.assertEqual(len(mission), 1)
        self.assertEqual(action["res_id"], mission.id)
        order = mission.sale_order_id
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.opportunity_id, self.lead)
        self.assertEqual(len(order.order_line), 1)
        self.assertEqual(mission.sale_line_id.product_id, self.product)
        self.assertEqual(
            (mission.employee_id, mission.kind, mission.supplier_id),
            (self.external, "subcontractor", self.supplier),
        )
        self.assertEqual((mission.sell_rate, mission.buy_rate, mission.client_po), (700, 450, "PO-42"))
        self.assertEqual(mission.ordered_days, 124, "Feb. to July 2026 working days: 6 public holidays off")
        self.assertEqual(mission.state, "draft")
        self.assertTrue(self.lead.stage_id.is_won)
        self.assertEqual(self.lead.esn_staffing_ids.state, "selected")

        orders_before = self.env["sale.order"].search_count([("opportunity_id", "=", self.lead.id)])
        again = self._run_wizard()
        self.assertEqual(self.lead.esn_mission_ids, mission)
        self.assertEqual(
            self.env["sale.order"].search_count([("opportunity_id", "=", self.lead.id)]), orders_before
        )
        self.assertEqual(again["domain"], [("lead_id", "=", self.lead.id)])

    def test_confirming_sale_order_creates_missions(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.client.id,
                "client_order_ref": "PO-7",
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 20,
                            "price_unit": 620,
                            "esn_employee_id": self.consultant.id,
                            "esn_date_start": date(2026, 3, 1),
                            "esn_date_end": date(2026, 3, 31),
                        },
                    ),
                ],
            }
        )
        order.action_confirm()
        mission = order.order_line.esn_mission_ids
        self.assertEqual(len(mission), 1)
        self.assertEqual((mission.sell_rate, mission.ordered_days, mission.client_po), (620, 20, "PO-7"))
        order._esn_create_missions()
        self.assertEqual(len(order.order_line.esn_mission_ids), 1, "a line makes one mission, once")

    def test_sale_order_line_without_consultant_refused(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.client.id,
                "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 5})],
            }
        )
        with self.assertRaisesRegex(UserError, "Give the consultant and the mission dates"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(self.env["esn.mission"].search([("sale_line_id", "in", order.order_line.ids)]))
