from odoo import fields, models


class EsnConfigSettings(models.TransientModel):  # pylint: disable=no-wizard-in-models
    _inherit = "esn.config.settings"

    esn_hours_per_day = fields.Float(related="company_id.esn_hours_per_day", readonly=False)
