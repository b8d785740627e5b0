from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    esn_compliance_enforcement = fields.Selection(
        [("block", "Block"), ("warn", "Warn")],
        string="Compliance Enforcement",
        default="block",
        required=True,
        help="What happens when a non-compliant contractor's mission is activated, "
        "its activity report validated or its vendor bill posted.",
    )
    esn_compliance_threshold = fields.Monetary(
        string="Vigilance Threshold",
        currency_field="currency_id",
        default=5000.0,
        help="Contract amount (excl. VAT) from which the obligation de vigilance applies (5,000 EUR by law).",
    )
    esn_compliance_reminder_interval = fields.Integer(
        string="Reminder Interval (days)",
        default=7,
        help="Days between two reminders about the same document.",
    )

    @api.constrains("esn_compliance_threshold", "esn_compliance_reminder_interval")
    def _check_esn_compliance_settings(self):
        for company in self:
            if company.esn_compliance_threshold < 0 or company.esn_compliance_reminder_interval < 1:
                raise ValidationError(
                    self.env._(
                        "The vigilance threshold cannot be negative and reminders need an interval "
                        "of at least one day."
                    )
                )
