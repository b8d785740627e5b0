import datetime
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from . import esn_payroll_export

COUNTED_LEAVE_STATES = ("validate",)
PENDING_LEAVE_STATES = ("confirm", "validate1")
# days (or amounts) that differ by less than this are the same
TOLERANCE = 0.005


class EsnPayrollPeriod(models.Model):
    """A company's payroll month: the variables of its salaried consultants read from the month's
    validated reports, time off, on-call periods and expenses; exported for the payroll software,
    then locked. A change found after the lock goes to the next month as a correction line."""

    _name = "esn.payroll.period"
    _description = "Payroll Month"
    _inherit = ["esn.company.month.mixin", "mail.thread", "esn.workflow.mixin"]
    _order = "month desc, company_id"
    _check_company_auto = True
    _workflow_fields = {
        "state": "action_lock",
        "locked_by_id": "action_lock",
        "locked_on": "action_lock",
        "computed_on": "action_compute",
    }
    _create_only_fields = ("company_id", "month")

    name = fields.Char(compute="_compute_name")
    state = fields.Selection(
        [("open", "Open"), ("locked", "Locked")], default="open", required=True, readonly=True, tracking=True
    )
    computed_on = fields.Datetime(readonly=True, copy=False)
    locked_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    locked_on = fields.Datetime(readonly=True, copy=False)
    variable_ids = fields.One2many("esn.payroll.variable", "period_id", string="Variables")
    anomaly_ids = fields.One2many("esn.payroll.anomaly", "period_id", string="Anomalies")
    export_ids = fields.One2many("esn.payroll.export", "period_id", string="Exports")
    employee_count = fields.Integer(string="Employees", compute="_compute_counts")
    anomaly_count = fields.Integer(string="Anomalies Left", compute="_compute_counts")
    correction_count = fields.Integer(string="Corrections", compute="_compute_counts")
    exported = fields.Boolean(
        compute="_compute_counts", help="Exported since the variables were last computed."
    )

    _sql_constraints = [
        ("company_month_uniq", "unique(company_id, month)", "A company has one payroll month per month.")
    ]

    @api.depends("month")
    @api.depends_context("lang")
    def _compute_name(self):
        for period in self:
            period.name = self.env._("Payroll %(month)s", month=period._month_label())

    @api.depends("variable_ids", "anomaly_ids", "export_ids", "computed_on")
    def _compute_counts(self):
        for period in self:
            period.employee_count = len(period.variable_ids.employee_id)
            period.anomaly_count = len(period.anomaly_ids)
            period.correction_count = len(period.variable_ids.filtered("correction_month"))
            period.exported = any(export.exported_on >= period.computed_on for export in period.export_ids)

    @api.model_create_multi
    def create(self, vals_list):
        periods = super().create(vals_list)
        periods.action_compute()
        return periods

    @api.ondelete(at_uninstall=False)
    def _unlink_except_exported(self):
        if self.filtered(lambda period: period.state == "locked" or period.export_ids):
            raise UserError(
                self.env._("A payroll month exported or locked is kept: it is what the payroll paid.")
            )

    # ------------------------------------------------------------------ actions

    def action_compute(self):
        """Read the month's variables again (open months only): the preview, anomalies first."""
        self._check_open()
        self._lock_rows()
        for period in self:
            values, anomalies = period._read_month()
            corrections = period._corrections()
            # sudo: the variables are read-only for everyone, written by this action only
            period.sudo().variable_ids.unlink()
            period.sudo().anomaly_ids.unlink()
            self.env["esn.payroll.variable"].sudo().create(
                [{**vals, "period_id": period.id} for vals in values + corrections]
            )
            anomalies += period._missing_codes(values + corrections)
            self.env["esn.payroll.anomaly"].sudo().create(
                [{**vals, "period_id": period.id} for vals in anomalies]
            )
            period._workflow_write({"computed_on": fields.Datetime.now()})
        return True

    def action_export(self, file_format="csv"):
        """Export the month's variables in `file_format` (csv, xlsx or silae); the file is kept and
        the export logged. An open month is read again first: the file is what is true now.
        Returns the export's id."""
        self.ensure_one()
        if not isinstance(file_format, str) or file_format not in esn_payroll_export.FORMATS:
            raise UserError(
                self.env._(
                    "%(format)r is not an export format: %(formats)s.",
                    format=file_format,
                    formats=", ".join(esn_payroll_export.FORMATS),
                )
            )
        self.check_access("write")
        if self.state == "open":
            self.action_compute()
        return self.env["esn.payroll.export"]._export(self, file_format).id

    def action_export_csv(self):
        return self._download(self.action_export("csv"))

    def action_export_xlsx(self):
        return self._download(self.action_export("xlsx"))

    def action_export_silae(self):
        return self._download(self.action_export("silae"))

    def _download(self, export_id):
        attachment = self.env["esn.payroll.export"].browse(export_id).attachment_id
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    def action_lock(self):
        """Lock the exported month: its variables are what the payroll paid; a later change of the
        month goes to the next month's export as a correction line."""
        self._check_open()
        self._lock_rows()
        not_exported = self.filtered(lambda period: not period.exported)
        if not_exported:
            raise UserError(
                self.env._(
                    "%(period)s has not been exported since its variables were computed: export it "
                    "first, the payroll is made from the file.",
                    period=not_exported[0].name,
                )
            )
        self._workflow_write(
            {"state": "locked", "locked_by_id": self.env.uid, "locked_on": fields.Datetime.now()}
        )
        for period in self:
            period.message_post(
                body=self.env._(
                    "Payroll variables locked: %(employees)s employees, %(anomalies)s anomalies left.",
                    employees=period.employee_count,
                    anomalies=period.anomaly_count,
                )
            )
        return True

    def _check_open(self):
        self.check_access("write")
        locked = self.filtered(lambda period: period.state == "locked")
        if locked:
            raise UserError(
                self.env._(
                    "%(period)s is locked: a change of that month goes to the next month's variables "
                    "as a correction.",
                    period=locked[0].name,
                )
            )

    # ------------------------------------------------------------------ reading the month

    def _read_month(self):
        """([variable values], [anomaly values]) of the month: what the company's salaried
        consultants worked (validated reports), took off (approved time off), were on call for,
        spent, and the meal vouchers and forfait counter that follow."""
        self.ensure_one()
        # sudo: payroll managers read no reports, missions or expenses; the month is their company's
        env = self.sudo().env
        missions = self._salaried_missions(self.company_id, self.date_from, self.date_to)
        employees = missions.employee_id
        cras = env["esn.cra"].search([("mission_id", "in", missions.ids), ("month", "=", self.month)])
        validated = cras.filtered(lambda cra: cra.validation_state == "validated")
        totals = defaultdict(lambda: [0.0, 0.0])
        self._read_days(validated, totals)
        self._read_on_call(missions, totals)
        expenses = env["hr.expense"].search(
            [
                ("employee_id", "in", employees.ids),
                ("esn_cra_id", "in", validated.ids),
                ("payment_mode", "=", "own_account"),
                ("state", "in", ("approved", "done")),
            ]
        )
        for expense in expenses:
            totals[expense.employee_id, "expenses"][1] += expense.total_amount
        forfait = employees.filtered("esn_forfait_jours")
        if forfait:
            worked = forfait._esn_worked_days(self.date_from.replace(month=1, day=1), self.date_to)
            for employee in forfait:
                totals[employee, "forfait_days"][0] += sum(day.days for day in worked[employee.id].values())
        rows = [
            self._variable_values(employee, item, quantity, amount)
            for (employee, item), (quantity, amount) in totals.items()
        ]
        time_off, anomalies = self._read_time_off(employees)
        anomalies += self._report_anomalies(missions, cras)
        for employee in employees:
            if not employee.esn_payroll_registration_number:
                anomalies.append(
                    self._anomaly(employee, self.env._("No registration number (matricule) for the payroll."))
                )
            if not employee.esn_payroll_cost_center:
                anomalies.append(self._anomaly(employee, self.env._("No payroll cost centre.")))
        return [row for row in rows + time_off if row["quantity"] or row["amount"]], anomalies

    @api.model
    def _salaried_missions(self, company, date_from, date_to):
        """The missions of the company's salaried consultants running from date_from to date_to."""
        # sudo: payroll managers and ESN administrators read the month's missions whoever they are
        return (
            self.env["esn.mission"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("kind", "=", "employee"),
                    ("state", "in", ("active", "done")),
                    ("date_start", "<=", date_to),
                    ("date_end", ">=", date_from),
                ]
            )
        )

    def _read_days(self, cras, totals):
        """Days worked (on site, remotely), interventions out of the schedule, meal vouchers."""
        company = self.company_id
        voucher_days = defaultdict(float)
        for line in cras.line_ids.filtered("quantity"):
            employee = line.cra_id.employee_id
            if line.day_kind == "working":
                totals[employee, "worked_days"][0] += line.quantity
                totals[employee, "remote_days" if line.remote else "site_days"][0] += line.quantity
                if company.esn_meal_voucher_remote or not line.remote:
                    voucher_days[employee, line.date] += line.quantity
            elif line.day_kind == "public_holiday":
                totals[employee, "intervention_holiday_days"][0] += line.quantity
            else:
                totals[employee, "intervention_weekend_days"][0] += line.quantity
        voucher_threshold = 0.5 if company.esn_meal_voucher_half_days else 1.0
        for (employee, _day), quantity in voucher_days.items():
            if quantity >= voucher_threshold:
                totals[employee, "meal_vouchers"][0] += 1

    def _read_on_call(self, missions, totals):
        """The on-call periods starting in the month (as they are billed): paid, or in rest."""
        # sudo: payroll managers read no missions: the month's on-call periods, of their company
        periods = (
            self.env["esn.mission.on.call.period"]
            .sudo()
            .search(
                [
                    ("mission_id", "in", missions.ids),
                    ("date_start", ">=", self.date_from),
                    ("date_start", "<=", self.date_to),
                ]
            )
        )
        for period in periods:
            if period.compensation == "paid":
                totals[period.employee_id, "on_call_paid"][0] += 1
                totals[period.employee_id, "on_call_paid"][1] += period.cost_amount
            else:
                totals[period.employee_id, "on_call_rest"][0] += 1

    def _read_time_off(self, employees):
        """([variable values], [anomaly values]): one line per approved time off (its part in the
        month), an anomaly per time off awaiting approval."""
        # sudo: payroll managers need not be time off officers: the month's time off, of their company
        leaves = (
            self.env["hr.leave"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", employees.ids),
                    ("state", "in", COUNTED_LEAVE_STATES + PENDING_LEAVE_STATES),
                    ("request_date_from", "<=", self.date_to),
                    ("request_date_to", ">=", self.date_from),
                ]
            )
        )
        rows, anomalies = [], []
        for leave in leaves:
            if leave.state in PENDING_LEAVE_STATES:
                anomalies.append(
                    self._anomaly(
                        leave.employee_id,
                        self.env._(
                            "Time off %(type)s from %(start)s to %(end)s awaits approval: not in the "
                            "variables.",
                            type=leave.holiday_status_id.name,
                            start=format_date(self.env, leave.request_date_from),
                            end=format_date(self.env, leave.request_date_to),
                        ),
                    )
                )
                continue
            date_from = max(leave.request_date_from, self.date_from)
            date_to = min(leave.request_date_to, self.date_to)
            rows.append(
                self._variable_values(
                    leave.employee_id,
                    "time_off",
                    self._leave_days(leave, date_from, date_to),
                    leave_type=leave.holiday_status_id,
                    date_from=date_from,
                    date_to=date_to,
                )
            )
        return rows, anomalies

    def _report_anomalies(self, missions, cras):
        anomalies = []
        states = dict(cras._fields["validation_state"]._description_selection(self.env))
        for mission in missions:
            mission_cras = cras.filtered(lambda cra, mission=mission: cra.mission_id == mission)
            if not mission_cras:
                anomalies.append(
                    self._anomaly(
                        mission.employee_id,
                        self.env._("No activity report for mission %(mission)s.", mission=mission.name),
                    )
                )
            for cra in mission_cras.filtered(lambda cra: cra.validation_state != "validated"):
                anomalies.append(
                    self._anomaly(
                        mission.employee_id,
                        self.env._(
                            "Activity report %(report)s is %(state)s: its days will be in a later "
                            "month's variables, as a correction, once it is validated.",
                            report=cra.display_name,
                            state=states[cra.validation_state],
                        ),
                    )
                )
        return anomalies

    @staticmethod
    def _leave_days(leave, date_from, date_to):
        """The days of `leave` from date_from to date_to: its own count when it is all there (half
        days included), else the working days of the employee's schedule in that part."""
        if date_from == leave.request_date_from and date_to == leave.request_date_to:
            return leave.number_of_days
        employee = leave.employee_id
        start = datetime.datetime.combine(date_from, datetime.time.min)
        stop = datetime.datetime.combine(date_to, datetime.time.max)
        calendar = leave.resource_calendar_id or employee.resource_calendar_id
        return employee._get_work_days_data_batch(start, stop, compute_leaves=False, calendar=calendar)[
            employee.id
        ]["days"]

    def _variable_values(
        self,
        employee,
        item,
        quantity=0.0,
        amount=0.0,
        leave_type=None,
        date_from=None,
        date_to=None,
        correction=None,
    ):
        return {
            "employee_id": employee.id,
            "registration_number": employee.esn_payroll_registration_number or False,
            "cost_center": employee.esn_payroll_cost_center or False,
            "item": item,
            "leave_type_id": leave_type.id if leave_type else False,
            "quantity": round(quantity, 2),
            "amount": round(amount, 2),
            "date_from": date_from or self.date_from,
            "date_to": date_to or self.date_to,
            "correction_month": correction or False,
        }

    def _anomaly(self, employee, message):
        return {"employee_id": employee.id, "message": message}

    def _missing_codes(self, values):
        codes = self._codes()
        labels = dict(self.env["esn.payroll.item"]._fields["item"]._description_selection(self.env))
        missing = {(vals["item"], vals["leave_type_id"]) for vals in values} - codes.keys()
        # sudo: only the names of the time off types, in the anomaly's message
        leave_types = (
            self.env["hr.leave.type"]
            .sudo()
            .browse({leave_type for _item, leave_type in missing if leave_type})
        )
        names = {leave_type.id: leave_type.name for leave_type in leave_types}
        return [
            {
                "message": self.env._(
                    "No payroll code for %(item)s: set it in the payroll items.",
                    item=names.get(leave_type) or labels[item],
                )
            }
            for item, leave_type in sorted(missing, key=lambda key: (key[0], key[1] or 0))
        ]

    def _codes(self):
        """{(item, leave type id or False): code} of the period's company."""
        # sudo: the company's payroll codes, whoever reads the month
        items = self.env["esn.payroll.item"].sudo().search([("company_id", "=", self.company_id.id)])
        return {(item.item, item.leave_type_id.id): item.code for item in items}

    # ------------------------------------------------------------------ corrections

    def _corrections(self):
        """Correction lines for the earlier locked months of the company whose variables, read
        again, differ from what was paid (the month's lines and the corrections already locked)."""
        self.ensure_one()
        # sudo: the company's earlier months, whoever reads this one; their lines below
        locked = self.sudo().search(
            [("company_id", "=", self.company_id.id), ("state", "=", "locked"), ("month", "<", self.month)]
        )
        if not locked:
            return []
        # sudo: the lines paid in those months, read-only for everyone
        paid_lines = (
            self.env["esn.payroll.variable"]
            .sudo()
            .search(
                [
                    ("period_id", "in", locked.ids),
                    "|",
                    ("correction_month", "in", locked.mapped("month")),
                    ("correction_month", "=", False),
                ]
            )
        )
        corrections = []
        for earlier in locked.sorted("month"):
            paid = defaultdict(lambda: [0.0, 0.0])
            for line in paid_lines:
                if (line.correction_month or line.period_id.month) == earlier.month:
                    key = (line.employee_id, line.item, line.leave_type_id)
                    paid[key][0] += line.quantity
                    paid[key][1] += line.amount
            now = defaultdict(lambda: [0.0, 0.0])
            values, _anomalies = earlier._read_month()
            # sudo: the consultants and time off types of the variables read again, for their keys only
            employees = self.env["hr.employee"].sudo().browse([vals["employee_id"] for vals in values])
            leave_types = self.env["hr.leave.type"].sudo().browse([vals["leave_type_id"] for vals in values])
            for vals in values:
                key = (
                    employees.browse(vals["employee_id"]),
                    vals["item"],
                    leave_types.browse(vals["leave_type_id"]),
                )
                now[key][0] += vals["quantity"]
                now[key][1] += vals["amount"]
            for key in sorted(now.keys() | paid.keys(), key=lambda key: (key[0].id, key[1], key[2].id)):
                quantity = now[key][0] - paid[key][0]
                amount = now[key][1] - paid[key][1]
                if abs(quantity) > TOLERANCE or abs(amount) > TOLERANCE:
                    employee, item, leave_type = key
                    corrections.append(
                        self._variable_values(
                            employee,
                            item,
                            quantity,
                            amount,
                            leave_type=leave_type,
                            date_from=earlier.date_from,
                            date_to=earlier.date_to,
                            correction=earlier.month,
                        )
                    )
        return corrections
