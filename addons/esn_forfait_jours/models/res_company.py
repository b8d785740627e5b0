from odoo import api, fields, models
from odoo.exceptions import ValidationError

# the most days a year a collective agreement may set for a forfait jours (Code du travail L3121-64)
LEGAL_FORFAIT_DAYS = 218


class ResCompany(models.Model):
    _inherit = "res.company"

    esn_forfait_days = fields.Integer(
        string="Forfait Jours (days a year)",
        default=LEGAL_FORFAIT_DAYS,
        required=True,
        help="Days worked a year under the company's forfait jours agreement (Syntec: 218), the "
        "default of its salaried consultants under a forfait jours.",
    )
    esn_forfait_policy = fields.Selection(
        [("warn", "Warn"), ("block", "Block")],
        string="Forfait Jours Exceeded",
        default="warn",
        required=True,
        help="What happens when an activity report takes a consultant's year past their forfait: "
        "the report is submitted and the account manager warned, or the report is refused.",
    )
    esn_forfait_alert_ratio = fields.Float(
        string="Forfait Jours Alert",
        default=0.95,
        required=True,
        help="Share of the forfait from which the account manager is warned at each report "
        "submitted, to check the workload (0: no alert).",
    )

    @api.constrains("esn_forfait_days", "esn_forfait_alert_ratio")
    def _check_esn_forfait_settings(self):
        for company in self:
            if not 1 <= company.esn_forfait_days <= LEGAL_FORFAIT_DAYS:
                raise ValidationError(
                    self.env._(
                        "The forfait jours of %(company)s is 1 to %(max)s days a year (Code du travail "
                        "L3121-64), not %(days)s.",
                        company=company.name,
                        max=LEGAL_FORFAIT_DAYS,
                        days=company.esn_forfait_days,
                    )
                )
            if not 0 <= company.esn_forfait_alert_ratio <= 1:
                raise ValidationError(
                    self.env._("The forfait jours alert is a share of the forfait, from 0 to 100%.")
                )
