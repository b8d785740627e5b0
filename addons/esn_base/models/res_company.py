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
    esn_hours_per_day = fields.Float(
        string="Hours per Day",
        default=8.0,
        required=True,
        help="The hours of a working day for consultants without a working schedule: a declared day is "
        "their schedule's hours per day otherwise (timesheets, availability, hours on sale orders).",
    )
    esn_client_approval_default = fields.Boolean(
        string="Client Approval by Default",
        help="New missions require the client's approval of their activity reports.",
    )
    esn_invoice_grouping = fields.Selection(
        [
            ("client", "Per client and month"),
            ("mission", "Per mission"),
            ("po", "Per purchase order"),
        ],
        string="Invoice Grouping",
        default="client",
        required=True,
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
