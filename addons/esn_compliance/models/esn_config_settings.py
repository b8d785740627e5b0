from odoo import fields, models


class EsnConfigSettings(models.TransientModel):  # pylint: disable=no-wizard-in-models
    _inherit = "esn.config.settings"

    esn_compliance_enforcement = fields.Selection(
        related="company_id.esn_compliance_enforcement", readonly=False
    )
    esn_compliance_threshold = fields.Monetary(
        related="company_id.esn_compliance_threshold", currency_field="esn_currency_id", readonly=False
    )
    esn_compliance_reminder_interval = fields.Integer(
        related="company_id.esn_compliance_reminder_interval", readonly=False
    )
