from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    esn_hours_per_day = fields.Float(
        string="Hours per Day",
        default=8.0,
        required=True,
        help="The hours of a working day for consultants without a working schedule: a declared day is "
        "their schedule's hours per day otherwise (timesheets, availability, hours on sale orders).",
    )

    @api.constrains("esn_hours_per_day")
    def _check_esn_hours_per_day(self):
        for company in self:
            if not 0 < company.esn_hours_per_day <= 24:
                raise ValidationError(
                    self.env._(
                        "Hours per day must be between 0 and 24 (got %(hours)s for %(company)s).",
                        hours=company.esn_hours_per_day,
                        company=company.name,
                    )
                )
