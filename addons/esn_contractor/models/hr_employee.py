import datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# who the consultant acts as and who bills for them: who declares the days and is paid for them
STAFFING_OWNER_FIELDS = ("esn_login_user_id", "esn_supplier_id", "user_id")


class HrEmployee(models.Model):
    _name = "hr.employee"
    _inherit = ["hr.employee", "esn.restricted.fields.copy.mixin"]

    esn_login_user_id = fields.Many2one(
        "res.users",
        string="CRA Login",
        tracking=True,
        # Odoo's own flows read employees as public profiles: the suite's fields are its staff's
        groups="hr.group_hr_user,esn_base.group_esn_user",
        copy=False,
        help="User the consultant declares activity reports with: a portal user, or an internal one.",
    )
    esn_supplier_id = fields.Many2one(
        "res.partner",
        string="Contractor",
        tracking=True,
        groups="hr.group_hr_user,esn_base.group_esn_user",
        domain=[("esn_contractor_kind", "!=", False)],
        help="Contractor that bills the ESN for this external consultant.",
    )
    esn_contractor_kind = fields.Selection(
        related="esn_supplier_id.esn_contractor_kind",
        string="Contractor Kind",
        groups="hr.group_hr_user,esn_base.group_esn_user",
    )
    esn_daily_cost = fields.Monetary(
        string="Daily Cost",
        currency_field="currency_id",
        groups="esn_base.group_esn_manager",
        help="Default daily buy rate of this consultant (the contractor's rate when empty).",
    )
    esn_available_from = fields.Date(
        string="Available From", groups="hr.group_hr_user,esn_base.group_esn_user"
    )
    esn_consultant = fields.Boolean(
        string="ESN Consultant",
        groups="hr.group_hr_user,esn_base.group_esn_user",
        compute="_compute_esn_consultant",
        store=True,
        readonly=False,
        index=True,
        help="Placed at clients by the ESN: listed under ESN > Consultants. Set by a contractor or a "
        "mission, or by hand for a salaried consultant between missions.",
    )

    _sql_constraints = [
        (
            "esn_login_user_uniq",
            "unique(esn_login_user_id)",
            "A user can be the CRA login of one consultant only.",
        ),
    ]

    @api.model
    def _setup_fields(self):  # pylint: disable=missing-return
        super()._setup_fields()
        # ESN users read employees (not as HR officers): the fields Odoo opens to its administrators
        # besides HR officers are no private data but what its employee form shows buttons by
        # (has timesheets, calendar mismatch…), so ESN users read them too
        for field in self._fields.values():
            if field.groups and set(field.groups.split(",")) == {"base.group_system", "hr.group_hr_user"}:
                field.groups += ",esn_base.group_esn_user"

    def write(self, vals):
        self._check_staffing_owner_change(vals)
        return super().write(vals)

    def _check_staffing_owner_change(self, vals):
        changed = [name for name in STAFFING_OWNER_FIELDS if name in vals]
        if (
            not changed
            or self.env.su
            or self.env.user.has_groups("esn_base.group_esn_manager,hr.group_hr_user")
        ):
            return
        raise AccessError(
            self.env._(
                "Only ESN managers and HR officers change who a consultant declares their days as, or "
                "their contractor (%(fields)s).",
                fields=", ".join(self._fields[name]._description_string(self.env) for name in changed),
            )
        )

    @api.depends("esn_supplier_id")
    def _compute_esn_consultant(self):
        for employee in self:
            employee.esn_consultant = employee.esn_consultant or bool(employee.esn_supplier_id)

    @api.constrains("esn_supplier_id")
    def _check_esn_supplier(self):
        for employee in self:
            if employee.esn_supplier_id and not employee.esn_supplier_id.esn_contractor_kind:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not a contractor: set its contractor kind before linking consultant "
                        "%(employee)s to it.",
                        partner=employee.esn_supplier_id.display_name,
                        employee=employee.name,
                    )
                )

    @api.constrains("esn_daily_cost")
    def _check_esn_daily_cost(self):
        for employee in self:
            if employee.esn_daily_cost < 0:
                raise ValidationError(
                    self.env._("The daily cost of %(employee)s cannot be negative.", employee=employee.name)
                )

    @api.onchange("esn_supplier_id")
    def _onchange_esn_supplier_id(self):
        if self.esn_supplier_id and self.employee_type == "employee":
            self.employee_type = (
                "freelance" if self.esn_supplier_id.esn_contractor_kind == "freelance" else "contractor"
            )

    def _esn_working_days(self, date_from, date_to):
        """Days the consultant works from date_from to date_to by their resource calendar, public
        holidays and time off excluded."""
        self.ensure_one()
        start = datetime.datetime.combine(date_from, datetime.time.min)
        stop = datetime.datetime.combine(date_to, datetime.time.max)
        return self._get_work_days_data_batch(start, stop)[self.id]["days"]

    def _esn_hours_per_day(self):
        """The hours of one of the consultant's working days, the one figure days and hours convert
        by (availability, timesheets, sale order units): their working schedule's, else their
        company's schedule's, else the company's Hours per Day setting."""
        self.ensure_one()
        # sudo: sales users converting delivered days (sale order units) cannot read employees
        employee = self.sudo()
        calendar = employee.resource_calendar_id or employee.company_id.resource_calendar_id
        return calendar.hours_per_day or employee.company_id.esn_hours_per_day

    def _esn_days_in_unit(self, days, unit):
        """`days` of the consultant in `unit` (a unit of working time: days, hours…), a day being
        their hours per day."""
        self.ensure_one()
        day = self.env.ref("uom.product_uom_day")
        if unit == day or unit.category_id != day.category_id:
            return day._compute_quantity(days, unit)
        hour = self.env.ref("uom.product_uom_hour")
        return hour._compute_quantity(days * self._esn_hours_per_day(), unit)
