import datetime
from collections import defaultdict, namedtuple

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, formatLang

from odoo.addons.esn_base.activities import schedule_once
from odoo.addons.esn_base.models.esn_workflow_mixin import lock_rows

from .hr_employee import year_bounds

# the year of a consultant under forfait jours, counted with the reports being submitted
ForfaitYear = namedtuple("ForfaitYear", "employee year days forfait cras")
# more than six days' work a week is forbidden, the weekly rest being 24 hours in a row plus the
# daily 11 (Code du travail L3132-1, L3132-2): six days already leave no room for a second day off
WEEK_DAYS_ALERT = 6


class EsnCra(models.Model):
    _inherit = "esn.cra"

    def action_submit(self):
        # who may submit is checked before the forfait is counted: its refusal names the consultant
        self.mission_id._check_cra_declarant()
        # two reports of one consultant submitted at once would each count the year without the
        # other: the second waits for the first and counts it
        # sudo: the submitting consultant reads no forfait (HR and ESN staff's): the lock and the count
        lock_rows(self.sudo().filtered(lambda cra: cra.employee_id.esn_forfait_jours).employee_id)
        years = self.sudo()._esn_forfait_years()
        self._esn_forfait_block(years)
        result = super().action_submit()
        self._esn_forfait_warn(years)
        return result

    def _esn_forfait_years(self):
        """[ForfaitYear]: each year these reports declare days in, for their salaried consultants
        under a forfait jours, with the days worked that year once they are submitted."""
        cras = self.filtered(
            lambda cra: (
                cra.total_days
                and cra.mission_id.kind == "employee"
                and cra.employee_id.esn_forfait_jours
                and not cra.employee_id.esn_supplier_id
            )
        )
        by_year = defaultdict(self.browse)
        for cra in cras:
            by_year[cra.date_from.year] |= cra
        years = []
        for year, year_cras in sorted(by_year.items()):
            employees = year_cras.employee_id
            worked = employees._esn_worked_days(*year_bounds(year), cras=year_cras)
            years += [
                ForfaitYear(
                    employee,
                    year,
                    sum(day.days for day in worked[employee.id].values()),
                    employee._esn_forfait_ceiling(year),
                    year_cras.filtered(lambda cra, employee=employee: cra.employee_id == employee),
                )
                for employee in employees
            ]
        return years

    def _esn_forfait_block(self, years):
        """Past the forfait, under the block policy, the report is refused."""
        for year in years:
            if year.days > year.forfait and year.employee.company_id.esn_forfait_policy == "block":
                raise UserError(
                    self.env._(
                        "%(consultant)s would work %(days)s days in %(year)s with this activity report, past "
                        "their forfait jours of %(forfait)s days (rest days given up included): it cannot be "
                        "submitted. Days beyond the forfait need the consultant's written agreement to give "
                        "up rest days (Code du travail L3121-59): ask HR to record it on their forfait.",
                        consultant=year.employee.name,
                        days=year.employee._esn_format_days(year.days),
                        year=year.year,
                        forfait=year.forfait,
                    )
                )

    def _esn_forfait_warn(self, years):
        """Past the forfait (warn policy), or past the company's alert share of it, the account
        manager of each report is asked to check the consultant's workload (L3121-60, L3121-65)."""
        exceeded, alert = {}, {}
        for year in years:
            company = year.employee.company_id
            if year.days > year.forfait:
                exceeded.update(dict.fromkeys(year.cras, year))
            elif (
                company.esn_forfait_alert_ratio
                and year.days >= year.forfait * company.esn_forfait_alert_ratio
            ):
                alert.update(dict.fromkeys(year.cras, year))
        today = fields.Date.context_today(self)
        # sudo: the submitting consultant may not schedule activities for the account manager
        cras = self.sudo()
        schedule_once(
            cras.filtered(lambda cra: cra in exceeded),
            "esn_forfait_jours.mail_activity_forfait_exceeded",
            lambda cra: {
                "user_id": cra.user_id.id,
                "date_deadline": today,
                "summary": self.env._("Forfait jours exceeded"),
                "note": self.env._(
                    "%(consultant)s has worked %(days)s days in %(year)s with this activity report, past "
                    "their forfait jours of %(forfait)s days (%(over)s over). Check their workload and rest "
                    "with them (Code du travail L3121-60, L3121-65): days beyond the forfait need their "
                    "written agreement to give up rest days (L3121-59).",
                    **self._esn_forfait_figures(exceeded[cra]),
                ),
            },
        )
        schedule_once(
            cras.filtered(lambda cra: cra in alert),
            "esn_forfait_jours.mail_activity_forfait_alert",
            lambda cra: {
                "user_id": cra.user_id.id,
                "date_deadline": today,
                "summary": self.env._("Forfait jours nearly reached"),
                "note": self.env._(
                    "%(consultant)s has worked %(days)s of the %(forfait)s days of their forfait jours in "
                    "%(year)s (%(share)s%%): %(remaining)s day(s) left. Check that their workload is "
                    "reasonable and their rest days taken (Code du travail L3121-65).",
                    **self._esn_forfait_figures(alert[cra]),
                ),
            },
        )

    def _esn_forfait_figures(self, year):
        employee = year.employee
        return {
            "consultant": employee.name,
            "days": employee._esn_format_days(year.days),
            "year": year.year,
            "forfait": year.forfait,
            "over": employee._esn_format_days(year.days - year.forfait),
            "remaining": employee._esn_format_days(year.forfait - year.days),
            "share": formatLang(self.env, 100 * year.days / year.forfait, digits=0),
        }

    def _warn_rest_days(self):
        result = super()._warn_rest_days()
        self._warn_weekly_rest()
        return result

    def _warn_weekly_rest(self):
        """A salaried consultant's week of the report with six days worked or more, across all their
        missions, leaves no weekly rest of 35 hours in a row (L3132-1, L3132-2): the account manager
        is told."""
        # sudo: the consultant's days on all their missions, whoever submits
        cras = self.sudo().filtered(lambda cra: cra.total_days and cra.mission_id.kind == "employee")
        if not cras:
            return
        date_from = min(cras.mapped("date_from"))
        date_to = max(cras.mapped("date_to"))
        worked = cras.employee_id._esn_worked_days(
            date_from - datetime.timedelta(days=6), date_to + datetime.timedelta(days=6), cras=cras
        )
        short_weeks = {}
        for cra in cras:
            days = worked[cra.employee_id.id]
            mondays = {
                line.date - datetime.timedelta(days=line.date.weekday())
                for line in cra.line_ids
                if line.quantity
            }
            weeks = [
                monday
                for monday in sorted(mondays)
                if sum(monday + datetime.timedelta(days=offset) in days for offset in range(7))
                >= WEEK_DAYS_ALERT
            ]
            if weeks:
                short_weeks[cra] = weeks
        schedule_once(
            cras.filtered(lambda cra: cra in short_weeks),
            "esn_forfait_jours.mail_activity_weekly_rest",
            lambda cra: {
                "user_id": cra.user_id.id,
                "date_deadline": fields.Date.context_today(cra),
                "summary": self.env._("No weekly rest"),
                "note": self.env._(
                    "%(consultant)s declares six days' work or more in the week of %(weeks)s, across their "
                    "missions: an employee works six days a week at most, with a weekly rest of 35 hours "
                    "in a row (Code du travail L3132-1, L3132-2).",
                    consultant=cra.employee_id.name,
                    weeks=", ".join(format_date(self.env, monday) for monday in short_weeks[cra]),
                ),
            },
        )
