import datetime
from collections import defaultdict, namedtuple

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression
from odoo.tools import format_date, formatLang

from odoo.addons.esn_cra.models.esn_cra import half_days

# five weeks of paid leave, in working days (Code du travail L3141-3: 2.5 working days a month)
PAID_LEAVE_DAYS = 25
# the most days a year an employee may work by giving up rest days, when the agreement sets no
# other ceiling (L3121-59, L3121-66)
WAIVER_MAX_DAYS = 235
FORFAIT_FIELDS = ("esn_forfait_jours", "esn_forfait_days")
# a report counts once the consultant has declared it: submitted, validated (or invoiced)
COUNTED_STATES = ("submitted", "validated")
PEOPLE_GROUPS = "hr.group_hr_user,esn_base.group_esn_user"
FORFAIT_SETTERS = "hr.group_hr_user,esn_base.group_esn_manager"

WorkedDay = namedtuple("WorkedDay", "days public_holiday")


def year_bounds(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    esn_forfait_jours = fields.Boolean(
        string="Forfait Jours",
        groups=PEOPLE_GROUPS,
        tracking=True,
        copy=False,
        help="Salaried under a forfait jours agreement (Code du travail L3121-58 to L3121-66): their "
        "working time is counted in days worked a year, from their activity reports.",
    )
    esn_forfait_days = fields.Integer(
        string="Forfait (days a year)",
        groups=PEOPLE_GROUPS,
        compute="_compute_esn_forfait_days",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Days the consultant works a year under their forfait: the company's unless their "
        "agreement says otherwise.",
    )
    esn_forfait_waiver_ids = fields.One2many(
        "esn.forfait.waiver", "employee_id", string="Rest Days Given Up", groups=PEOPLE_GROUPS
    )
    esn_forfait_can_edit = fields.Boolean(
        string="Can Set the Forfait", compute="_compute_esn_forfait_can_edit", groups=PEOPLE_GROUPS
    )
    esn_forfait_year = fields.Integer(
        string="Forfait Year", compute="_compute_esn_forfait_counters", groups=PEOPLE_GROUPS
    )
    esn_forfait_days_worked = fields.Float(
        string="Days Worked This Year",
        compute="_compute_esn_forfait_counters",
        groups=PEOPLE_GROUPS,
        help="Days declared this calendar year in the consultant's submitted and validated activity "
        "reports, across all their missions (a day declared on two missions counts once).",
    )
    esn_forfait_days_remaining = fields.Float(
        string="Days Remaining This Year",
        compute="_compute_esn_forfait_counters",
        groups=PEOPLE_GROUPS,
        help="The forfait, plus the rest days given up this year, less the days worked this year: "
        "negative past them.",
    )
    esn_forfait_rest_days = fields.Float(
        string="Rest Days This Year",
        compute="_compute_esn_forfait_rest_days",
        groups=PEOPLE_GROUPS,
        help="Rest days the forfait leaves this year: the working days of the consultant's schedule "
        "(public holidays off), less five weeks of paid leave (25 days), less the forfait.",
    )

    @api.depends("company_id")
    def _compute_esn_forfait_days(self):
        for employee in self:
            employee.esn_forfait_days = employee.company_id.esn_forfait_days or employee.esn_forfait_days

    def _compute_esn_forfait_can_edit(self):
        can_edit = self.env.su or self.env.user.has_groups(FORFAIT_SETTERS)
        for employee in self:
            employee.esn_forfait_can_edit = can_edit

    def _compute_esn_forfait_counters(self):
        year = fields.Date.context_today(self).year
        worked = self._esn_worked_days(*year_bounds(year))
        for employee in self:
            days = sum(day.days for day in worked[employee.id].values())
            employee.esn_forfait_year = year
            employee.esn_forfait_days_worked = days
            # sudo: the rest days given up, whoever reads the counters
            employee.esn_forfait_days_remaining = employee.sudo()._esn_forfait_ceiling(year) - days

    def _compute_esn_forfait_rest_days(self):
        year = fields.Date.context_today(self).year
        for employee in self:
            employee.esn_forfait_rest_days = employee._esn_forfait_rest_days(year)

    @api.constrains("esn_forfait_days")
    def _check_esn_forfait_days(self):
        # sudo: the forfait is HR and ESN staff's: checked whoever creates or moves the employee
        for employee in self.sudo():
            if not 1 <= employee.esn_forfait_days <= WAIVER_MAX_DAYS:
                raise ValidationError(
                    self.env._(
                        "The forfait of %(employee)s is 1 to %(max)s days a year (Code du travail "
                        "L3121-66), not %(days)s.",
                        employee=employee.name,
                        max=WAIVER_MAX_DAYS,
                        days=employee.esn_forfait_days,
                    )
                )

    # ------------------------------------------------------------------ who sets the forfait

    @api.model_create_multi
    def create(self, vals_list):
        Company = self.env["res.company"]
        for vals in vals_list:
            company = Company.browse(vals.get("company_id")) or self.env.company
            if vals.get("esn_forfait_jours") or vals.get("esn_forfait_days", company.esn_forfait_days) != (
                company.esn_forfait_days
            ):
                self._check_esn_forfait_setter([name for name in FORFAIT_FIELDS if name in vals])
        return super().create(vals_list)

    def write(self, vals):
        # sudo: compared before the ORM's field checks: the setter check answers whoever writes
        changed = [
            name
            for name in FORFAIT_FIELDS
            if name in vals
            and any(
                employee[name] != self._fields[name].convert_to_cache(vals[name], employee)
                for employee in self.sudo()
            )
        ]
        if changed:
            self._check_esn_forfait_setter(changed)
        return super().write(vals)

    def _check_esn_forfait_setter(self, names):
        """The forfait is the employment contract's: HR officers and ESN managers set it, ESN users
        only read it."""
        if self.env.su or self.env.user.has_groups(FORFAIT_SETTERS):
            return
        raise AccessError(
            self.env._(
                "Only HR officers and ESN managers set a consultant's forfait jours (%(fields)s).",
                fields=", ".join(self._fields[name]._description_string(self.env) for name in names),
            )
        )

    # ------------------------------------------------------------------ counting days

    def _esn_worked_days(self, date_from, date_to, cras=None):
        """{employee id: {day: WorkedDay}}: the days each employee worked from date_from to date_to
        by their submitted and validated activity reports (and `cras`, being submitted), across
        missions. A day declared on several missions counts once, at most a whole day."""
        domain = [
            ("cra_id.employee_id", "in", self.ids),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
            ("quantity", ">", 0),
        ]
        counted = [("cra_id.validation_state", "in", COUNTED_STATES)]
        if cras:
            counted = expression.OR([counted, [("cra_id", "in", cras.ids)]])
        # sudo: HR officers and consultants read no activity reports, nor those of every mission
        groups = (
            self.env["esn.cra.line"]
            .sudo()
            ._read_group(
                expression.AND([domain, counted]), ["cra_id", "date:day", "day_kind"], ["quantity:sum"]
            )
        )
        days = {employee.id: defaultdict(float) for employee in self}
        holidays = set()
        for cra, day, kind, quantity in groups:
            employee_id = cra.employee_id.id
            days[employee_id][day] += quantity
            if kind == "public_holiday":
                holidays.add((employee_id, day))
        return {
            employee_id: {
                day: WorkedDay(min(1.0, quantity), (employee_id, day) in holidays)
                for day, quantity in by_day.items()
            }
            for employee_id, by_day in days.items()
        }

    def _esn_forfait_ceiling(self, year):
        """The days the employee may work in `year`: the forfait, and the rest days they gave up in
        writing (L3121-59)."""
        self.ensure_one()
        waivers = self.esn_forfait_waiver_ids.filtered(lambda waiver: waiver.year == year)
        return self.esn_forfait_days + sum(waivers.mapped("days"))

    def _esn_forfait_rest_days(self, year):
        """The rest days the forfait leaves in `year`: the working days of the employee's schedule,
        public holidays off, less the paid leave and the forfait (never below 0)."""
        self.ensure_one()
        # sudo: the consultant's schedule and forfait, whoever asks for the rest days
        employee = self.sudo()
        date_from, date_to = year_bounds(year)
        start = datetime.datetime.combine(date_from, datetime.time.min)
        stop = datetime.datetime.combine(date_to, datetime.time.max)
        scheduled = dict(
            employee.with_context(compute_leaves=False)
            ._list_work_time_per_day(start, stop)
            .get(employee.id, [])
        )
        # sudo: the public holidays of the consultant's company, whoever asks for the rest days
        holidays = (
            self.env["resource.calendar.leaves"]
            .sudo()
            ._esn_public_holidays(employee, date_from, date_to)[employee]
        )
        hours_per_day = employee._esn_hours_per_day()
        working = sum(
            half_days(hours / hours_per_day) for day, hours in scheduled.items() if day not in holidays
        )
        return max(0.0, working - PAID_LEAVE_DAYS - employee.esn_forfait_days)

    def _esn_format_days(self, days):
        """A number of days in the reader's language: 22, 21,5."""
        return formatLang(self.env, days, digits=1 if days % 1 else 0)

    # ------------------------------------------------------------------ the yearly statement

    def _esn_forfait_statement(self, year):
        """What the labour inspector reads of `year` (L3121-65): per month the days worked, the
        total so far and what is left of the forfait, the Sundays and public holidays worked."""
        self.ensure_one()
        # sudo: the consultant's forfait, whoever prints the statement
        employee = self.sudo()
        worked = self._esn_worked_days(*year_bounds(year))[self.id]
        forfait = employee.esn_forfait_days
        months, cumulated = [], 0.0
        for month in range(1, 13):
            first = datetime.date(year, month, 1)
            days = {day: value for day, value in worked.items() if day.month == month}
            total = sum(value.days for value in days.values())
            cumulated += total
            rest_days_worked = sorted(
                day for day, value in days.items() if value.public_holiday or day.weekday() == 6
            )
            months.append(
                {
                    "label": format_date(self.env, first, date_format="MMMM yyyy"),
                    "days": total,
                    "cumulated": cumulated,
                    "remaining": forfait - cumulated,
                    "rest_days_worked": [format_date(self.env, day) for day in rest_days_worked],
                }
            )
        return {
            "year": year,
            "forfait_jours": employee.esn_forfait_jours,
            "forfait": forfait,
            "months": months,
            "total": cumulated,
            "remaining": forfait - cumulated,
            "exceeded": cumulated > forfait,
            "paid_leave": PAID_LEAVE_DAYS,
            "rest_days": self._esn_forfait_rest_days(year),
            "rest_days_worked": sum(len(month["rest_days_worked"]) for month in months),
        }

    def _esn_forfait_statement_filename(self):
        self.ensure_one()
        return self.env._(
            "Forfait jours statement %(employee)s %(year)s",
            employee=self.name,
            year=fields.Date.context_today(self).year,
        )

    def action_esn_forfait_reports(self):
        """The activity reports counted this year."""
        self.ensure_one()
        date_from, date_to = year_bounds(fields.Date.context_today(self).year)
        action = self.env["ir.actions.act_window"]._for_xml_id("esn_cra.action_esn_cras")
        action["domain"] = [
            ("employee_id", "=", self.id),
            ("validation_state", "in", COUNTED_STATES),
            ("date_from", ">=", date_from),
            ("date_from", "<=", date_to),
        ]
        action["context"] = {"create": False}
        return action
