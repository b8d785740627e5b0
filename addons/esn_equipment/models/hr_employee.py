from odoo import api, fields, models
from odoo.exceptions import UserError


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    esn_equipment_location_id = fields.Many2one(
        "stock.location",
        string="Equipment Location",
        copy=False,
        groups="hr.group_hr_user,esn_base.group_esn_user,stock.group_stock_user",
        readonly=True,
        help="Where the equipment lent to this consultant is: still company stock, held by them.",
    )
    esn_equipment_quant_ids = fields.One2many(
        "stock.quant",
        compute="_compute_esn_equipment_quant_ids",
        string="Equipment Held",
        groups="hr.group_hr_user,esn_base.group_esn_user,stock.group_stock_user",
    )

    esn_equipment_picking_ids = fields.Many2many(
        "stock.picking",
        compute="_compute_esn_equipment_picking_ids",
        string="Equipment on Its Way",
        groups="hr.group_hr_user,esn_base.group_esn_user,stock.group_stock_user",
        help="Kit deliveries and returns of this consultant not done yet.",
    )

    @api.depends("esn_equipment_location_id")
    def _compute_esn_equipment_picking_ids(self):
        locations = self.esn_equipment_location_id
        # sudo: HR officers see the consultant's kit transfers without being stock users
        pickings = self.env["stock.picking"].sudo()
        if locations:
            pickings = pickings.search(
                [
                    ("state", "not in", ("done", "cancel")),
                    "|",
                    ("location_id", "in", locations.ids),
                    ("location_dest_id", "in", locations.ids),
                ]
            )
        for employee in self:
            location = employee.esn_equipment_location_id
            employee.esn_equipment_picking_ids = pickings.filtered(
                lambda picking, location=location: (
                    location and location in (picking.location_id | picking.location_dest_id)
                )
            )

    @api.depends("esn_equipment_location_id")
    def _compute_esn_equipment_quant_ids(self):
        # sudo: HR officers see what the consultant holds without being stock users
        quants = (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [("location_id", "in", self.esn_equipment_location_id.ids), ("quantity", ">", 0)],
                ["location_id"],
                ["id:recordset"],
            )
        )
        by_location = dict(quants)
        for employee in self:
            employee.esn_equipment_quant_ids = by_location.get(employee.esn_equipment_location_id, False)

    def _esn_equipment_location(self):
        """The consultant's own location under their company's 'Lent Equipment', created once."""
        self.ensure_one()
        if not self.esn_equipment_location_id:
            parent = self.company_id._esn_lent_equipment_location()
            # sudo: only stock managers create locations: the kit is lent by an account manager
            self.sudo().esn_equipment_location_id = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": self.name,
                        "location_id": parent.id,
                        "usage": "internal",
                        "company_id": parent.company_id.id,
                    }
                )
            )
        return self.esn_equipment_location_id

    def write(self, vals):
        if vals.get("active") is False:
            leaving = self.filtered(lambda employee: employee.esn_equipment_quant_ids)
            if leaving:
                raise UserError(
                    self.env._(
                        "%(consultants)s still hold company equipment (%(items)s): return it first.",
                        consultants=", ".join(leaving.mapped("name")),
                        items=", ".join(
                            f"{quant.product_id.display_name} {quant.lot_id.name or ''}".strip()
                            for quant in leaving.esn_equipment_quant_ids
                        ),
                    )
                )
        return super().write(vals)
