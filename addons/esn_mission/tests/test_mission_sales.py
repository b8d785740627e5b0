from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import MissionCase

PUBLIC_HOLIDAYS_FEBRUARY_TO_JULY_2026 = (
    "2026-04-06",
    "2026-05-01",
    "2026-05-08",
    "2026-05-14",
    "2026-05-25",
    "2026-07-14",
)


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
        # Odoo's demo data puts a company day off near today: only the public holidays count here,
        # those of 2026 whatever year the database was made in (the suite keeps those of that year)
        Leaves = self.env["resource.calendar.leaves"].sudo()
        Leaves.search([("resource_id", "=", False), ("esn_holiday_key", "=", False)]).unlink()
        calendar = self.external.resource_calendar_id
        Leaves.create(
            [
                {
                    "name": "Public holiday",
                    "calendar_id": calendar.id,
                    "date_from": f"{day} 00:00:00",
                    "date_to": f"{day} 22:00:00",
                }
                for day in PUBLIC_HOLIDAYS_FEBRUARY_TO_JULY_2026
                if not Leaves.search_count(
                    [
                        ("resource_id", "=", False),
                        ("calendar_id", "in", (calendar.id, False)),
                        ("date_from", "<=", f"{day} 12:00:00"),
                        ("date_to", ">=", f"{day} 12:00:00"),
                    ]
                )
            ]
        )
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

    def _order(self, **line_values):
        return self.env["sale.order"].create(
            {
                "partner_id": self.client.id,
                "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 5, **line_values})],
            }
        )

    def test_salesman_duplicates_quotation_with_buy_rate(self):
        """A salesperson without ESN manager rights duplicates a quotation whose consultant line
        carries a buy rate: the copy keeps it, still unseen by them."""
        order = self._order(esn_buy_rate=480)
        salesman = new_test_user(
            self.env(su=True), "plain_salesman", groups="sales_team.group_sale_salesman_all_leads"
        )
        copy = order.with_user(salesman).copy()
        with self.assertRaises(AccessError):
            copy.order_line.esn_buy_rate  # noqa: B018
        self.assertEqual(copy.order_line.sudo().esn_buy_rate, 480)

    def test_consultant_days_without_consultant_sold_as_a_service(self):
        """Odoo's own flows (e.g. "Make Billable" on a project) sell the first service product,
        the consultant days, on a line naming no consultant: it confirms as any service line."""
        order = self._order()
        self.assertTrue(order.action_confirm())
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.order_line.esn_mission_ids)
        self.assertTrue(order.esn_lines_without_mission)

        # the user asks for the missions: the line must name its consultant and dates
        with self.assertRaisesRegex(UserError, "Give the consultant and the mission dates on these lines"):
            order.action_esn_create_missions()
        self.assertFalse(self.env["esn.mission"].search([("sale_line_id", "in", order.order_line.ids)]))

        order.order_line.write(
            {
                "esn_employee_id": self.consultant.id,
                "esn_date_start": date(2026, 4, 1),
                "esn_date_end": date(2026, 4, 30),
            }
        )
        action = order.action_esn_create_missions()
        mission = order.order_line.esn_mission_ids
        self.assertEqual(len(mission), 1)
        self.assertEqual(action["res_id"], mission.id)
        self.assertEqual((mission.employee_id, mission.date_start), (self.consultant, date(2026, 4, 1)))
        self.assertFalse(order.esn_lines_without_mission)
        order.action_esn_create_missions()
        self.assertEqual(order.order_line.esn_mission_ids, mission, "a line makes one mission, once")

    def test_half_filled_mission_line_refused(self):
        cases = {
            "consultant without dates": {"esn_employee_id": self.consultant.id},
            "dates without consultant": {
                "esn_date_start": date(2026, 3, 1),
                "esn_date_end": date(2026, 3, 31),
            },
            "no end date": {"esn_employee_id": self.consultant.id, "esn_date_start": date(2026, 3, 1)},
        }
        for case, values in cases.items():
            with self.subTest(case):
                order = self._order(**values)
                with self.assertRaisesRegex(UserError, "name only part of their mission"):
                    order.action_confirm()
                self.assertEqual(order.state, "draft")
                self.assertFalse(order.order_line.esn_mission_ids)

    def test_half_filled_mission_line_refused_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        order = self._order(esn_employee_id=self.consultant.id).with_context(lang="fr_FR")
        with self.assertRaisesRegex(UserError, "ne nomment qu'une partie de leur mission"):
            order.action_confirm()

    def test_create_missions_needs_a_confirmed_order(self):
        order = self._order()
        with self.assertRaisesRegex(UserError, "Confirm these sale orders before creating their missions"):
            order.action_esn_create_missions()
