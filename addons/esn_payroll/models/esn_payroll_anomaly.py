from odoo import fields, models


class EsnPayrollAnomaly(models.Model):
    """What the payroll manager checks before exporting a month: a report not validated, time off
    not approved, an employee without registration number or cost centre, an item without code."""

    _name = "esn.payroll.anomaly"
    _description = "Payroll Anomaly"
    _order = "period_id, employee_id, id"

    period_id = fields.Many2one("esn.payroll.period", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="period_id.company_id", store=True, index=True)
    employee_id = fields.Many2one("hr.employee", index=True, ondelete="cascade")
    message = fields.Char(required=True)
