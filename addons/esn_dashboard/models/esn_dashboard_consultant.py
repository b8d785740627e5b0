import datetime

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

# the TACE is the salaried consultants' (Syntec practice): contractors' days are bought, not staffed
SALARIED = [("external", "=", False)]
# opening the dashboard recomputes the occupation at most this often (time off changes live)
REFRESH_MINUTES = 5
REFRESH_PARAM = "esn_dashboard.occupation_refreshed_on"


class EsnDashboardConsultant(models.Model):
    """A consultant's occupation in a month: available days from Odoo's working time (schedule,
    public holidays and approved time off excluded), days billed on missions, their ratio (TACE)
    and whether an active mission runs that month (else: intercontract).

    Stored, not an SQL view: available days come from the resource calendars, which only Odoo's
    working-time code reads right. The rows of the recent months are recomputed in the background
    when a manager opens the dashboard, and every night."""

    _name = "esn.dashboard.consultant"
    _inherit = ["esn.ratio.mixin"]
    _description = "Consultant Occupation"
    _ratio_fields = {"tace": ("billed_days", "available_days")}
    _order = "date desc, employee_id"

    employee_id = fields.Many2one(
        "hr.employee", string="Consultant", required=True, index=True, ondelete="cascade"
    )
    department_id = fields.Many2one("hr.department", string="Team")
    company_id = fields.Many2one("res.company", required=True, index=True)
    external = fields.Boolean(help="Provided by a contractor: not on the ESN's payroll.")
    month = fields.Char(required=True)
    date = fields.Date(string="Month Start", required=True, index=True)
    available_days = fields.Float(help="Working days in the consultant's schedule, time off excluded.")
    billed_days = fields.Float(help="Days declared on missions: reports submitted, validated or invoiced.")
    tace = fields.Float(
        string="TACE (%)",
        aggregator="avg",
        help="Billed days over available days; of a group, its billed days over its available days.",
    )
    on_mission = fields.Boolean(help="An active mission runs in the month.")
    intercontract = fields.Boolean(help="No active mission in the month.")

    _sql_constraints = [
        ("employee_month_uniq", "unique(employee_id, date)", "A consultant has one occupation per month.")
    ]

    @api.model
    def _consultants(self):
        return self.env["hr.employee"].search([("esn_consultant", "=", True)])

    @api.model
    def _refresh_recent(self, force=False):
        """Last, this and next month, unless done in the last minutes. The parameter's row is
        written first: two refreshes at once conflict on it and Odoo replays the second one."""
        if not force and not self._refresh_due():
            return
        # sudo: system parameters are Odoo administrators': the last refresh's time is kept there
        self.env["ir.config_parameter"].sudo().set_param(
            REFRESH_PARAM, fields.Datetime.to_string(fields.Datetime.now())
        )
        this_month = fields.Date.context_today(self).replace(day=1)
        self._refresh([this_month + relativedelta(months=offset) for offset in (-1, 0, 1)])

    @api.model
    def _refresh_due(self):
        """Whether the recent months were last refreshed more than a few minutes ago."""
        # sudo: system parameters are Odoo administrators'
        last = self.env["ir.config_parameter"].sudo().get_param(REFRESH_PARAM)
        return not last or fields.Datetime.to_datetime(last) <= fields.Datetime.now() - datetime.timedelta(
            minutes=REFRESH_MINUTES
        )

    @api.model
    def _cron_refresh(self):
        this_month = fields.Date.context_today(self).replace(day=1)
        self._refresh([this_month + relativedelta(months=-offset) for offset in range(-1, 12)])

    @api.model
    def _refresh(self, months):
        """Recompute the rows of `months` (their first days) for every consultant."""
        consultants = self._consultants()
        vals_list = []
        for date_from in months:
            date_to = date_from + relativedelta(months=1, days=-1)
            available = self._available_days(consultants, date_from, date_to)
            billed = self._billed_days(consultants, date_from)
            on_mission = set(
                self.env["esn.mission"]
                .search(
                    [
                        ("employee_id", "in", consultants.ids),
                        ("state", "in", ("active", "done")),
                        ("date_start", "<=", date_to),
                        ("date_end", ">=", date_from),
                    ]
                )
                .employee_id.ids
            )
            for employee in consultants:
                days, billed_days = available.get(employee.id, 0.0), billed.get(employee.id, 0.0)
                vals_list.append(
                    {
                        "employee_id": employee.id,
                        "department_id": employee.department_id.id,
                        "company_id": employee.company_id.id,
                        "external": bool(employee.esn_supplier_id),
                        "month": date_from.strftime("%Y-%m"),
                        "date": date_from,
                        "available_days": days,
                        "billed_days": billed_days,
                        "tace": 100 * billed_days / days if days else 0.0,
                        "on_mission": employee.id in on_mission,
                        "intercontract": employee.id not in on_mission,
                    }
                )
        self.search([("date", "in", months)]).unlink()
        return self.create(vals_list)

    @api.model
    def _available_days(self, employees, date_from, date_to):
        """{employee id: days}: the days each employee can work in the period, as their activity
        reports count them."""
        availability = employees._esn_day_availability(date_from, date_to)
        return {
            employee_id: sum(day["available"] for day in days.values())
            for employee_id, days in availability.items()
        }

    @api.model
    def _billed_days(self, employees, date_from):
        self.env["esn.cra"].flush_model(["employee_id", "date_from", "state", "total_days"])
        self.env.cr.execute(
            SQL(
                """SELECT employee_id, SUM(total_days) FROM esn_cra
                    WHERE employee_id IN %s AND date_from = %s
                      AND state IN ('submitted', 'validated', 'invoiced')
                    GROUP BY employee_id""",
                tuple(employees.ids) or (0,),
                date_from,
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _tace(self, domain, salaried=True):
        """The TACE of the rows of `domain` together: their billed days over their available days;
        of the salaried consultants only unless `salaried` is False, as Syntec practice counts it."""
        if salaried:
            domain = [*domain, *SALARIED]
        groups = self._read_group(domain, aggregates=["billed_days:sum", "available_days:sum"])
        billed, available = groups[0] if groups else (0.0, 0.0)
        return 100 * (billed or 0.0) / available if available else 0.0
