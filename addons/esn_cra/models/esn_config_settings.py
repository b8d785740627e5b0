from odoo import fields, models


class EsnConfigSettings(models.TransientModel):  # pylint: disable=no-wizard-in-models
    _inherit = "esn.config.settings"

    esn_cra_reminder_day = fields.Integer(related="company_id.esn_cra_reminder_day", readonly=False)
    esn_client_token_days = fields.Integer(related="company_id.esn_client_token_days", readonly=False)
    esn_cra_submission_days = fields.Integer(related="company_id.esn_cra_submission_days", readonly=False)
