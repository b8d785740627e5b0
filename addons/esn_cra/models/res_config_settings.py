from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    esn_cra_reminder_day = fields.Integer(related="company_id.esn_cra_reminder_day", readonly=False)
