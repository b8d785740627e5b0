from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    esn_cra_reminder_day = fields.Integer(
        string="CRA Reminder Day",
        default=3,
        help="Day of the next month from which consultants who have not submitted are reminded.",
    )

    @api.constrains("esn_cra_reminder_day")
    def _check_esn_cra_reminder_day(self):
        for company in self:
            if not 1 <= company.esn_cra_reminder_day <= 28:
                raise ValidationError(self.env._("The CRA reminder day must be between 1 and 28."))
