from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    esn_currency_id = fields.Many2one(related="company_id.currency_id", string="ESN Currency")
    esn_compliance_threshold = fields.Monetary(
        related="company_id.esn_compliance_threshold", currency_field="esn_currency_id", readonly=False
    )
    esn_compliance_reminder_interval = fields.Integer(
        related="company_id.esn_compliance_reminder_interval", readonly=False
    )
