from odoo import fields, models


class EsnConfigSettings(models.TransientModel):  # pylint: disable=no-wizard-in-models
    _inherit = "esn.config.settings"

    esn_forfait_days = fields.Integer(related="company_id.esn_forfait_days", readonly=False)
    esn_forfait_policy = fields.Selection(related="company_id.esn_forfait_policy", readonly=False)
    esn_forfait_alert_ratio = fields.Float(related="company_id.esn_forfait_alert_ratio", readonly=False)
