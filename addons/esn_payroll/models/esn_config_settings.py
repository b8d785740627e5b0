from odoo import fields, models


class EsnConfigSettings(models.TransientModel):  # pylint: disable=no-wizard-in-models
    _inherit = "esn.config.settings"

    esn_meal_voucher_remote = fields.Boolean(related="company_id.esn_meal_voucher_remote", readonly=False)
    esn_meal_voucher_half_days = fields.Boolean(
        related="company_id.esn_meal_voucher_half_days", readonly=False
    )
