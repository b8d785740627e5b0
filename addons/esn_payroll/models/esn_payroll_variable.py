from odoo import api, fields, models

from .esn_payroll_item import ITEM_UNITS, PAYROLL_ITEMS, UNITS


class EsnPayrollVariable(models.Model):
    """One payroll item of one employee in a payroll month (read-only: written by the month's
    actions). The employee's registration number and cost centre are kept as they were exported."""

    _name = "esn.payroll.variable"
    _description = "Payroll Variable"
    _order = "period_id, employee_id, correction_month desc, item, leave_type_id, date_from, id"

    period_id = fields.Many2one("esn.payroll.period", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="period_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    employee_id = fields.Many2one("hr.employee", required=True, index=True, ondelete="restrict")
    registration_number = fields.Char()
    cost_center = fields.Char(string="Cost Centre")
    item = fields.Selection(PAYROLL_ITEMS, required=True)
    leave_type_id = fields.Many2one("hr.leave.type", string="Time Off Type", ondelete="restrict")
    unit = fields.Selection(UNITS, compute="_compute_unit")
    quantity = fields.Float(digits=(16, 2))
    amount = fields.Monetary()
    date_from = fields.Date(string="From")
    date_to = fields.Date(string="To")
    correction_month = fields.Char(
        string="Corrects",
        help="The earlier, locked month this line corrects (YYYY-MM): the difference between that "
        "month read again and what was paid.",
    )

    @api.depends("item")
    def _compute_unit(self):
        for variable in self:
            variable.unit = ITEM_UNITS.get(variable.item)

    def _label(self):
        """The item as the payroll reads it: its name, the time off type's for time off."""
        self.ensure_one()
        if self.leave_type_id:
            return self.leave_type_id.name
        return dict(self._fields["item"]._description_selection(self.env))[self.item]
