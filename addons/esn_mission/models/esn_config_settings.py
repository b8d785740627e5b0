from odoo import fields, models


class EsnConfigSettings(models.TransientModel):  # pylint: disable=no-wizard-in-models
    _inherit = "esn.config.settings"

    esn_client_approval_default = fields.Boolean(
        related="company_id.esn_client_approval_default", readonly=False
    )
