from odoo import fields, models


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    esn_cra_id = fields.Many2one("esn.cra", string="Activity Report", index="btree_not_null", readonly=True)
