import datetime

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from .esn_cra import month_bounds


class EsnCompanyMonthMixin(models.AbstractModel):
    """A record per company and month (YYYY-MM), given at creation: last month by default."""

    _name = "esn.company.month.mixin"
    _description = "A Company's Month"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, readonly=True, index=True
    )
    month = fields.Char(
        required=True,
        readonly=True,
        default=lambda self: (
            fields.Date.context_today(self).replace(day=1) - datetime.timedelta(days=1)
        ).strftime("%Y-%m"),
        help="YYYY-MM.",
    )
    date_from = fields.Date(compute="_compute_dates", store=True)
    date_to = fields.Date(compute="_compute_dates", store=True)

    _sql_constraints = [("company_month_uniq", "unique(company_id, month)", "A company has one per month.")]

    @api.depends("month")
    def _compute_dates(self):
        for record in self:
            try:
                record.date_from, record.date_to = month_bounds(record.month)
            except ValueError:
                record.date_from = record.date_to = False

    @api.constrains("month")
    def _check_month(self):
        for record in self:
            if not record.date_from:
                raise ValidationError(
                    self.env._("%(month)s is not a month: use the YYYY-MM format.", month=record.month)
                )

    def _month_label(self):
        """The month in the reader's language: 'octobre 2026'."""
        self.ensure_one()
        return (
            format_date(self.env, self.date_from, date_format="MMMM yyyy") if self.date_from else self.month
        )
