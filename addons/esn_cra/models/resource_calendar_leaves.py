import datetime
from collections import defaultdict

import holidays
import pytz

from odoo import api, fields, models
from odoo.osv import expression

# the two extra public holidays of Alsace-Moselle (Code du travail L3134-13), for the work locations
# of its departments: Bas-Rhin, Haut-Rhin, Moselle
ALSACE_MOSELLE_DEPARTMENTS = ("57", "67", "68")


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    esn_holiday_key = fields.Char(
        string="Public Holiday Key",
        index="btree_not_null",
        copy=False,
        help="Set on the French public holidays the ESN suite keeps up to date, e.g. FR:2026-05-01.",
    )

    # ------------------------------------------------------------------ the reports follow leaves

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        leaves._esn_reports()._refresh_availability()
        return leaves

    def write(self, vals):
        if (
            not {"date_from", "date_to", "resource_id", "calendar_id", "company_id", "time_type"}
            & vals.keys()
        ):
            return super().write(vals)
        before = self._esn_reports()
        result = super().write(vals)
        (before | self._esn_reports())._refresh_availability()
        return result

    def unlink(self):
        reports = self._esn_reports()
        result = super().unlink()
        reports.exists()._refresh_availability()
        return result

    def _esn_reports(self):
        """The activity reports whose days these leaves cover, in one search."""
        domains = []
        for leave in self.filtered(lambda leave: leave.date_from and leave.date_to):
            domain = [("date_from", "<=", leave.date_to.date()), ("date_to", ">=", leave.date_from.date())]
            if leave.resource_id:
                domain.append(("employee_id.resource_id", "=", leave.resource_id.id))
            else:
                if leave.company_id:
                    domain.append(("company_id", "=", leave.company_id.id))
                if leave.calendar_id:
                    domain.append(("employee_id.resource_calendar_id", "=", leave.calendar_id.id))
            domains.append(domain)
        # sudo: whoever changes leaves (a time off approver, an administrator) updates the reports
        Cra = self.env["esn.cra"].sudo()
        if not domains:
            return Cra
        return Cra.search(
            expression.AND([[("mission_id.state", "in", ("active", "done"))], expression.OR(domains)])
        )

    # ------------------------------------------------------------------ public holidays

    @api.model
    def _esn_public_holidays(self, employees, date_from, date_to):
        """{employee: {day: name}} of the public holidays of each employee between the two dates:
        the global leaves of their calendar, and the leaves of their own the suite keeps for them
        (Alsace-Moselle)."""
        start = datetime.datetime.combine(date_from, datetime.time.min) - datetime.timedelta(days=1)
        stop = datetime.datetime.combine(date_to, datetime.time.max) + datetime.timedelta(days=1)
        leaves = self.search(
            [
                ("date_from", "<=", stop),
                ("date_to", ">=", start),
                ("time_type", "=", "leave"),
                "|",
                ("resource_id", "=", False),
                "&",
                ("resource_id", "in", employees.resource_id.ids),
                ("esn_holiday_key", "!=", False),
            ]
        )
        result = {}
        for employee in employees:
            calendar = employee.resource_calendar_id or employee.company_id.resource_calendar_id
            tz = pytz.timezone(calendar.tz or employee.tz or "UTC")
            days = result[employee] = {}
            for leave in leaves:
                if leave.resource_id and leave.resource_id != employee.resource_id:
                    continue
                if not leave.resource_id and (
                    (leave.calendar_id and leave.calendar_id != calendar)
                    or (leave.company_id and leave.company_id != employee.company_id)
                ):
                    continue
                first = pytz.utc.localize(leave.date_from).astimezone(tz).date()
                last = pytz.utc.localize(leave.date_to).astimezone(tz).date()
                day = max(first, date_from)
                while day <= min(last, date_to):
                    days[day] = leave.name
                    day += datetime.timedelta(days=1)
        return result

    @api.model
    def _cron_sync_public_holidays(self, years=None, employees=None):
        """Keep the French public holidays of this year and the next as global leaves of each
        company in France (python-holidays is the source), and the two Alsace-Moselle ones as leaves
        of the employees who work there (of `employees` only, when given: those whose place of work
        changed). Running it again changes nothing."""
        today = fields.Date.context_today(self)
        years = tuple(years or (today.year, today.year + 1))
        national = _french_holidays(years)
        alsace_moselle = {
            day: name for day, name in _french_holidays(years, "57").items() if day not in national
        }
        wanted = {}  # {(company id, resource id or False, key): (day, name, calendar)}
        for company in self.env["res.company"].search([("partner_id.country_id.code", "=", "FR")]):
            for day, name in national.items():
                wanted[company.id, False, f"FR:{day.isoformat()}"] = (day, name, company.resource_calendar_id)
            workers = self.env["hr.employee"].search(
                [("company_id", "=", company.id)]
                + ([("id", "in", employees.ids)] if employees is not None else [])
            )
            # each employee's own missions: looking for them among all the company's took minutes
            # for thousands of consultants
            missions = workers._esn_placed_missions().grouped("employee_id")
            no_mission = self.env["esn.mission"]
            for employee in workers:
                for day, name in alsace_moselle.items():
                    if employee._esn_works_in_alsace_moselle(day, missions.get(employee, no_mission)):
                        key = (company.id, employee.resource_id.id, f"FR-AM:{day.isoformat()}")
                        wanted[key] = (day, name, employee.resource_calendar_id)
        scope = [("esn_holiday_key", "!=", False)]
        if employees is not None:
            scope += ["|", ("resource_id", "=", False), ("resource_id", "in", employees.resource_id.ids)]
        existing = {
            (leave.company_id.id, leave.resource_id.id or False, leave.esn_holiday_key): leave
            for leave in self.search(scope)
        }
        # a public holiday someone entered by hand stays the only one of its day
        entered = {
            (leave.company_id.id, leave.date_from.date())
            for leave in self.search([("esn_holiday_key", "=", False), ("resource_id", "=", False)])
        }
        stale = self.browse(
            leave.id for key, leave in existing.items() if key not in wanted and leave.date_from.year in years
        )
        vals_by_company = defaultdict(list)
        for (company_id, resource_id, key), (day, name, calendar) in wanted.items():
            if (company_id, resource_id, key) in existing:
                continue
            tz = pytz.timezone(calendar.tz or "Europe/Paris")
            start = tz.localize(datetime.datetime.combine(day, datetime.time.min)).astimezone(pytz.utc)
            stop = tz.localize(datetime.datetime.combine(day, datetime.time(23, 59, 59))).astimezone(pytz.utc)
            if not resource_id and (company_id, start.date()) in entered:
                continue
            vals_by_company[company_id].append(
                {
                    "name": name,
                    # whatever the consultant's calendar, now or later
                    "calendar_id": False,
                    "resource_id": resource_id,
                    "date_from": start.replace(tzinfo=None),
                    "date_to": stop.replace(tzinfo=None),
                    "time_type": "leave",
                    "esn_holiday_key": key,
                }
            )
        stale.unlink()
        # a global leave belongs to the company of the environment it is created in
        created = self
        for company_id, vals_list in vals_by_company.items():
            created |= self.with_company(company_id).create(vals_list)
        return created


def _french_holidays(years, subdivision=None):
    """{day: name in French} of the public holidays of metropolitan France (or of a subdivision)."""
    return dict(holidays.France(years=years, subdiv=subdivision, language="fr"))
