from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    esn_cra_reminder_day = fields.Integer(
        string="CRA Reminder Day",
        default=3,
        help="Day of the next month from which consultants who have not submitted are reminded.",
    )
    esn_client_token_days = fields.Integer(
        string="Client Link Validity (days)",
        default=30,
        help="Days the link e-mailed to the client to approve an activity report stays valid; "
        "each reminder extends it.",
    )

    @api.constrains("esn_cra_reminder_day", "esn_client_token_days")
    def _check_esn_cra_settings(self):
        for company in self:
            if not 1 <= company.esn_cra_reminder_day <= 28:
                raise ValidationError(self.env._("The CRA reminder day must be between 1 and 28."))
            if company.esn_client_token_days < 1:
                raise ValidationError(
                    self.env._("The client's approval link must stay valid at least one day.")
                )
