from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    esn_cra_reminder_day = fields.Integer(
        string="CRA Reminder Day",
        default=3,
        help="Day of the next month from which consultants who have not submitted are reminded.",
    )
    esn_cra_submission_days = fields.Integer(
        string="Submission Window (working days)",
        default=0,
        help="Consultants may submit their activity report from this many working days before the end "
        "of the month, the days still to come declared as planned (0: once the month is over).",
    )
    esn_client_token_days = fields.Integer(
        string="Client Link Validity (days)",
        default=30,
        help="Days the link e-mailed to the client to approve an activity report stays valid; "
        "each reminder extends it.",
    )

    @api.constrains("esn_cra_reminder_day", "esn_client_token_days", "esn_cra_submission_days")
    def _check_esn_cra_settings(self):
        for company in self:
            if not 0 <= company.esn_cra_submission_days <= 10:
                raise ValidationError(self.env._("The submission window is 0 to 10 working days."))
            if not 1 <= company.esn_cra_reminder_day <= 28:
                raise ValidationError(self.env._("The CRA reminder day must be between 1 and 28."))
            if company.esn_client_token_days < 1:
                raise ValidationError(
                    self.env._("The client's approval link must stay valid at least one day.")
                )
