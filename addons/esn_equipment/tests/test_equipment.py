from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from odoo.addons.esn_base.tests.common import EsnTestMixin


@tagged("post_install", "-at_install")
class TestEquipment(EsnTestMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kit = cls.env.ref("esn_equipment.product_onboarding_kit")
        cls.laptop = cls.env.ref("esn_equipment.product_laptop")
        cls.dock = cls.env.ref("esn_equipment.product_dock")
        cls.badge = cls.env.ref("esn_equipment.product_badge")
        stock = cls.env.ref("stock.stock_location_stock")
        serial = cls.env["stock.lot"].create({"name": "TEST-LAPTOP-1", "product_id": cls.laptop.id})
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.laptop, stock, 1, lot_id=serial)
        Quant._update_available_quantity(cls.dock, stock, 1)
        Quant._update_available_quantity(cls.badge, stock, 1)
        cls.consultant = cls.env["hr.employee"].create({"name": "Kit Consultant"})
        client = cls.env["res.partner"].create({"name": "Kit Client"})
        cls.mission = cls.env["esn.mission"].create(
            {
                "partner_id": client.id,
                "employee_id": cls.consultant.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 6, 30),
                "sell_rate": 600,
                "buy_rate": 300,
                "kit_product_id": cls.kit.id,
            }
        )

    def test_start_delivers_the_exploded_kit_once(self):
        self.mission.action_activate()
        delivery = self.mission.kit_delivery_id
        self.assertEqual(len(delivery), 1)
        self.assertEqual(
            set(delivery.move_ids.product_id),
            {self.laptop, self.dock, self.badge},
            "MRP explodes the kit into its components",
        )
        self.assertEqual(delivery.state, "assigned")
        serial = delivery.move_ids.filtered(lambda m: m.product_id == self.laptop).move_line_ids.lot_id
        self.assertEqual(len(serial), 1, "the laptop's serial number is reserved")
        self.assertEqual(serial.product_id, self.laptop)
        self.assertEqual(delivery.location_dest_id, self.consultant.esn_equipment_location_id)
        self.mission.action_deliver_kit()
        self.assertEqual(self.env["stock.picking"].search_count([("origin", "=", self.mission.name)]), 1)

    def test_consultant_holds_the_kit_and_end_returns_it_once(self):
        self.mission.action_activate()
        delivery = self.mission.kit_delivery_id
        serial = delivery.move_line_ids.lot_id
        self.assertEqual(self.consultant.esn_equipment_picking_ids, delivery, "the kit on its way is shown")
        delivery.button_validate()
        self.consultant.invalidate_recordset()
        self.assertFalse(self.consultant.esn_equipment_picking_ids)
        held = self.consultant.esn_equipment_quant_ids
        self.assertEqual(set(held.product_id), {self.laptop, self.dock, self.badge})
        self.assertEqual(held.lot_id, serial)
        with self.assertRaisesRegex(UserError, f"still hold company equipment .*{serial.name}"):
            self.consultant.action_archive()
        self.mission.action_done()
        back = self.mission.kit_return_id
        self.assertEqual(len(back), 1)
        self.consultant.invalidate_recordset()
        self.assertEqual(self.consultant.esn_equipment_picking_ids, back)
        self.assertEqual(back.location_id, self.consultant.esn_equipment_location_id)
        self.assertEqual(
            back.move_ids.filtered(lambda m: m.product_id == self.laptop).move_line_ids.lot_id, serial
        )
        self.assertEqual(back.return_id, delivery, "returned as Odoo returns a picking")
        self.mission.action_return_kit()
        self.assertEqual(self.env["stock.picking"].search_count([("return_id", "=", delivery.id)]), 1)
        back.button_validate()
        self.consultant.invalidate_recordset()
        self.assertFalse(self.consultant.esn_equipment_quant_ids)
        self.consultant.action_archive()
        self.assertFalse(self.consultant.active)

    def test_mission_without_kit_moves_nothing(self):
        self.mission.kit_product_id = False
        self.mission.action_activate()
        self.assertFalse(self.mission.kit_delivery_id)

    def test_portal_users_cannot_move_kits(self):
        portal = self.env["res.users"].create(
            {
                "name": "Kit portal",
                "login": "kit_portal",
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self.consultant.esn_login_user_id = portal
        self.mission.kit_product_id = False
        self.mission.action_activate()
        self.mission.kit_product_id = self.kit
        with self.assertRaises(AccessError):
            self.mission.with_user(portal).action_deliver_kit()
        self.assertFalse(self.mission.kit_delivery_id)

    def test_second_company_lends_from_its_own_warehouse(self):
        other = self.env["res.company"].create({"name": "Second ESN"})
        self.env.user.company_ids |= other
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", other.id)])
        Quant = self.env["stock.quant"].with_company(other)
        serial = self.env["stock.lot"].create(
            {"name": "TEST-LAPTOP-2", "product_id": self.laptop.id, "company_id": other.id}
        )
        Quant._update_available_quantity(self.laptop, warehouse.lot_stock_id, 1, lot_id=serial)
        Quant._update_available_quantity(self.dock, warehouse.lot_stock_id, 1)
        Quant._update_available_quantity(self.badge, warehouse.lot_stock_id, 1)
        consultant = self.env["hr.employee"].with_company(other).create({"name": "Second Kit Consultant"})
        mission = (
            self.env["esn.mission"]
            .with_company(other)
            .create(
                {
                    "partner_id": self.env["res.partner"].create({"name": "Second Client"}).id,
                    "employee_id": consultant.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 6, 30),
                    "sell_rate": 600,
                    "buy_rate": 300,
                    "kit_product_id": self.kit.id,
                    "company_id": other.id,
                }
            )
        )
        mission.action_activate()
        location = consultant.esn_equipment_location_id
        self.assertEqual(location.company_id, other)
        self.assertEqual(location.location_id, other.esn_lent_equipment_location_id)
        self.assertEqual(location.location_id.location_id, warehouse.view_location_id)
        self.assertEqual(mission.kit_delivery_id.company_id, other)
        self.assertEqual(mission.kit_delivery_id.state, "assigned")
        self.assertNotEqual(
            other.esn_lent_equipment_location_id, self.env.company.esn_lent_equipment_location_id
        )
