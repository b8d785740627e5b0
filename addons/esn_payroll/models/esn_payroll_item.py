from odoo import api, fields, models
from odoo.exceptions import ValidationError

# (item, unit): what a month's payroll variables are made of, in the export's order
PAYROLL_ITEMS = [
    ("worked_days", "Days Worked"),
    ("site_days", "Days Worked On Site"),
    ("remote_days", "Days Worked Remotely"),
    ("time_off", "Time Off"),
    ("intervention_weekend_days", "On-Call Interventions on Weekends"),
    ("intervention_holiday_days", "On-Call Interventions on Public Holidays"),
    ("on_call_paid", "On-Call Periods Paid"),
    ("on_call_rest", "On-Call Periods Compensated in Rest"),
    ("expenses", "Expenses to Reimburse"),
    ("meal_vouchers", "Meal Vouchers"),
    ("forfait_days", "Forfait Jours: Days Worked This Year"),
]
ITEM_UNITS = {
    "worked_days": "days",
    "site_days": "days",
    "remote_days": "days",
    "time_off": "days",
    "intervention_weekend_days": "days",
    "intervention_holiday_days": "days",
    "on_call_paid": "amount",
    "on_call_rest": "count",
    "expenses": "amount",
    "meal_vouchers": "count",
    "forfait_days": "days",
}
UNITS = [("days", "Days"), ("count", "Number"), ("amount", "Amount")]


class EsnPayrollItem(models.Model):
    """A payroll item's code in the company's payroll software (its rubrique): the export writes it
    beside each variable."""

    _name = "esn.payroll.item"
    _description = "Payroll Item Code"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, ondelete="cascade"
    )
    item = fields.Selection(PAYROLL_ITEMS, required=True)
    leave_type_id = fields.Many2one(
        "hr.leave.type",
        string="Time Off Type",
        check_company=True,
        help="For time off: the type this code is for (one code per type).",
    )
    code = fields.Char(
        required=True, help="The item's code (rubrique, variable or constant) in the payroll software."
    )
    unit = fields.Selection(UNITS, compute="_compute_unit")

    _sql_constraints = [
        (
            "item_uniq",
            "unique nulls not distinct (company_id, item, leave_type_id)",
            "A payroll item (and a time off type) has one code per company.",
        )
    ]

    @api.depends("item")
    def _compute_unit(self):
        for item in self:
            item.unit = ITEM_UNITS.get(item.item)

    @api.depends("item", "leave_type_id")
    def _compute_display_name(self):
        labels = dict(self._fields["item"]._description_selection(self.env))
        for item in self:
            label = labels.get(item.item, "")
            item.display_name = f"{label}: {item.leave_type_id.name}" if item.leave_type_id else label

    @api.constrains("item", "leave_type_id")
    def _check_leave_type(self):
        for item in self:
            if (item.item == "time_off") != bool(item.leave_type_id):
                raise ValidationError(
                    self.env._("A time off code names its time off type; the other items name none.")
                )
