from odoo import api, fields, models
from odoo.exceptions import ValidationError


class EsnVatFranchiseThreshold(models.Model):
    """The yearly turnover of services under which a business may stay in the VAT franchise (CGI
    293 B): past the base threshold it leaves the franchise the next year, past the upper one from
    the day it is exceeded. The law changes them: kept as data."""

    _name = "esn.vat.franchise.threshold"
    _description = "VAT Franchise Thresholds"
    _order = "year desc"

    year = fields.Integer(required=True)
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.ref("base.EUR")
    )
    base_amount = fields.Monetary(string="Base Threshold", required=True)
    upper_amount = fields.Monetary(string="Upper Threshold", required=True)

    _sql_constraints = [
        ("year_unique", "unique(year)", "There is one set of VAT franchise thresholds a year.")
    ]

    @api.constrains("base_amount", "upper_amount")
    def _check_amounts(self):
        for threshold in self:
            if not 0 < threshold.base_amount <= threshold.upper_amount:
                raise ValidationError(
                    self.env._(
                        "The VAT franchise thresholds of %(year)s must be positive, the base one not "
                        "above the upper one.",
                        year=threshold.year,
                    )
                )

    @api.model
    def _for_year(self, year):
        """The thresholds in force in `year`: the year's, else the latest before it."""
        return self.search([("year", "<=", year)], limit=1)
