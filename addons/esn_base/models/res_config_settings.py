from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    esn_compliance_enforcement = fields.Selection(
        related="company_id.esn_compliance_enforcement", readonly=False
    )
    esn_hours_per_day = fields.Float(related="company_id.esn_hours_per_day", readonly=False)
    esn_client_approval_default = fields.Boolean(
        related="company_id.esn_client_approval_default", readonly=False
    )
    esn_invoice_grouping = fields.Selection(related="company_id.esn_invoice_grouping", readonly=False)
