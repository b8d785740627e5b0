from odoo import fields, models

from odoo.addons.esn_base.models.esn_workflow_mixin import lock_rows


class ResCompany(models.Model):
    _inherit = "res.company"

    esn_lent_equipment_location_id = fields.Many2one(
        "stock.location",
        string="Lent Equipment Location",
        readonly=True,
        help="Where the equipment lent to the company's consultants is, one location per consultant.",
    )

    def _esn_lent_equipment_location(self):
        """The company's 'Lent Equipment' location, under its warehouse, created once."""
        self.ensure_one()
        if not self.esn_lent_equipment_location_id:
            # two first kits of the company at once: the second waits, then finds the first's
            # sudo: the company's row is locked whoever lends its first kit
            lock_rows(self.sudo())
        if not self.esn_lent_equipment_location_id:
            # sudo: the warehouse the location goes under, whoever lends the first kit
            warehouse = self.env["stock.warehouse"].sudo().search([("company_id", "=", self.id)], limit=1)
            # sudo: the first kit of a company is lent by an account manager, not a stock manager
            self.sudo().esn_lent_equipment_location_id = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Lent Equipment"),
                        "usage": "view",
                        "location_id": (
                            warehouse.view_location_id or self.env.ref("stock.stock_location_locations")
                        ).id,
                        "company_id": self.id,
                    }
                )
            )
        return self.esn_lent_equipment_location_id
