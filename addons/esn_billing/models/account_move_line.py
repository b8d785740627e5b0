from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    esn_cra_id = fields.Many2one("esn.cra", string="Activity Report", index="btree_not_null", copy=False)
    esn_period_start = fields.Date(string="Service From", copy=False)
    esn_period_end = fields.Date(string="Service To", copy=False)
