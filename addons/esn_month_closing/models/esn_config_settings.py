from odoo import fields, models


class EsnConfigSettings(models.TransientModel):  # pylint: disable=no-wizard-in-models
    _inherit = "esn.config.settings"

    esn_accrued_revenue_account_id = fields.Many2one(
        related="company_id.esn_accrued_revenue_account_id", readonly=False
    )
    esn_accrued_cost_account_id = fields.Many2one(
        related="company_id.esn_accrued_cost_account_id", readonly=False
    )
