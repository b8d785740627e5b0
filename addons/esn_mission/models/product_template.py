from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    esn_is_mission = fields.Boolean(
        string="Consultant Days",
        help="Sold per consultant day: confirming a sale order of it creates the missions of its lines.",
    )
