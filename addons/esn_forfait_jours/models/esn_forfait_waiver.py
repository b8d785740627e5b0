from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .hr_employee import WAIVER_MAX_DAYS

# L3121-59: each day worked in place of a rest day is paid at least 10 % more
WAIVER_MIN_INCREASE = 10.0


class EsnForfaitWaiver(models.Model):
    """The consultant's written agreement to work some rest days of a year (rachat de jours de
    repos, Code du travail L3121-59): it raises that year's ceiling of days by its days."""

    _name = "esn.forfait.waiver"
    _description = "Rest Days Given Up (Forfait Jours)"
    _inherit = ["mail.thread"]
    _order = "year desc, id"

    employee_id = fields.Many2one("hr.employee", string="Consultant", required=True, index=True)
    company_id = fields.Many2one(related="employee_id.company_id", store=True)
    year = fields.Integer(required=True, tracking=True)
    days = fields.Integer(string="Rest Days Given Up", required=True, tracking=True)
    rate_increase = fields.Float(
        string="Pay Increase (%)",
        required=True,
        default=WAIVER_MIN_INCREASE,
        tracking=True,
        help="How much more each day given up is paid: 10 % at least (L3121-59).",
    )
    signed_on = fields.Date(required=True, tracking=True)
    agreement = fields.Binary(string="Signed Agreement", required=True, attachment=True)
    agreement_filename = fields.Char()

    @api.constrains("days", "rate_increase", "year", "employee_id")
    def _check_waiver(self):
        for waiver in self:
            if waiver.days <= 0:
                raise ValidationError(self.env._("Give the number of rest days the consultant gives up."))
            if waiver.rate_increase < WAIVER_MIN_INCREASE:
                raise ValidationError(
                    self.env._(
                        "The days given up are paid %(min)s%% more at least (Code du travail L3121-59).",
                        min=int(WAIVER_MIN_INCREASE),
                    )
                )
            # sudo: the consultant's forfait and other waivers, whoever records this one
            employee = waiver.employee_id.sudo()
            ceiling = employee._esn_forfait_ceiling(waiver.year)
            if ceiling > WAIVER_MAX_DAYS:
                raise ValidationError(
                    self.env._(
                        "With the rest days given up, %(employee)s would work %(days)s days in %(year)s: "
                        "%(max)s at most (Code du travail L3121-66).",
                        employee=employee.name,
                        days=ceiling,
                        year=waiver.year,
                        max=WAIVER_MAX_DAYS,
                    )
                )

    @api.depends("employee_id", "year", "days")
    def _compute_display_name(self):
        for waiver in self:
            waiver.display_name = self.env._(
                "%(employee)s: %(days)s rest days given up in %(year)s",
                employee=waiver.employee_id.name,
                days=waiver.days,
                year=waiver.year,
            )
