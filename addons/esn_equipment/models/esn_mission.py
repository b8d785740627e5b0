from odoo import api, fields, models
from odoo.exceptions import UserError


class EsnMission(models.Model):
    _inherit = "esn.mission"
    _workflow_fields = {"kit_delivery_id": "action_deliver_kit", "kit_return_id": "action_return_kit"}

    kit_product_id = fields.Many2one(
        "product.product",
        string="Onboarding Kit",
        domain=[("bom_ids.type", "=", "phantom")],
        help="Kit lent to the consultant at the start of the mission (an MRP kit bill of materials).",
    )
    kit_delivery_id = fields.Many2one("stock.picking", copy=False, readonly=True)
    kit_return_id = fields.Many2one("stock.picking", copy=False, readonly=True)

    def action_activate(self):
        result = super().action_activate()
        self.filtered("kit_product_id").action_deliver_kit()
        return result

    def action_done(self):
        result = super().action_done()
        self.filtered("kit_delivery_id").action_return_kit()
        return result

    @api.model
    def _kit_picking_type(self, company):
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        if not warehouse:
            raise UserError(
                self.env._(
                    "Company %(company)s has no warehouse to lend equipment from.", company=company.name
                )
            )
        return warehouse.int_type_id, warehouse.lot_stock_id

    def action_deliver_kit(self):
        """Move the kit (exploded into its components by MRP) to the consultant's location; once."""
        self.check_access("write")
        for mission in self.filtered(
            lambda m: m.kit_product_id and not m._kit_picking_alive(m.kit_delivery_id)
        ):
            picking_type, stock = self._kit_picking_type(mission.company_id)
            picking = mission._kit_picking(picking_type, stock, mission.employee_id._esn_equipment_location())
            picking.move_ids.create(
                {
                    "name": mission.kit_product_id.display_name,
                    "product_id": mission.kit_product_id.id,
                    "product_uom_qty": 1,
                    "product_uom": mission.kit_product_id.uom_id.id,
                    "picking_id": picking.id,
                    "location_id": stock.id,
                    "location_dest_id": picking.location_dest_id.id,
                }
            )
            picking.action_confirm()
            picking.action_assign()
            mission._workflow_write({"kit_delivery_id": picking.id})
        return True

    def action_return_kit(self):
        """Bring back what the kit delivery moved, serial numbers included, as Odoo returns a
        picking; once."""
        self.check_access("write")
        for mission in self.filtered(
            lambda m: m.kit_delivery_id.state == "done" and not m._kit_picking_alive(m.kit_return_id)
        ):
            # sudo: the account manager who ends the mission need not be a stock user
            wizard = (
                self.env["stock.return.picking"]
                .sudo()
                .with_context(active_model="stock.picking", active_id=mission.kit_delivery_id.id)
                .create({})
            )
            for line in wizard.product_return_moves:
                line.quantity = line.move_id.quantity
            mission._workflow_write({"kit_return_id": wizard._create_return().id})
        return True

    @staticmethod
    def _kit_picking_alive(picking):
        return bool(picking) and picking.state != "cancel"

    def _kit_picking(self, picking_type, source, destination):
        self.ensure_one()
        # sudo: the account manager who starts the mission need not be a stock user
        return (
            self.env["stock.picking"]
            .sudo()
            .create(
                {
                    "picking_type_id": picking_type.id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "partner_id": self.employee_id.work_contact_id.id,
                    "origin": self.name,
                    "company_id": self.company_id.id,
                }
            )
        )
