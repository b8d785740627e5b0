import datetime

from odoo import api, fields, models

from .esn_cra import days_between, half_days
from .resource_calendar_leaves import ALSACE_MOSELLE_DEPARTMENTS


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    esn_cra_count = fields.Integer(
        string="Activity Reports", compute="_compute_esn_cra_count", groups="esn_base.group_esn_user"
    )

    @api.depends_context("uid")
    def _compute_esn_cra_count(self):
        counts = dict(
            self.env["esn.cra"]._read_group([("employee_id", "in", self.ids)], ["employee_id"], ["__count"])
        )
        for employee in self:
            employee.esn_cra_count = counts.get(employee, 0)

    def action_esn_view_cras(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("esn_cra.action_esn_cras")
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {}
        return action

    @api.model_create_multi
    def create(self, vals_list):
        employees = super().create(vals_list)
        if any(employee.address_id or employee.work_location_id for employee in employees):
            # sudo: the sync writes the public holidays of every French company, not only the user's
            self.env["resource.calendar.leaves"].sudo()._cron_sync_public_holidays(employees=employees)
        return employees

    def write(self, vals):
        result = super().write(vals)
        if {"address_id", "work_location_id"} & vals.keys():
            # Good Friday and 26 December follow the consultant to (or out of) Alsace-Moselle
            # sudo: the sync writes the public holidays of every French company, not only the user's
            self.env["resource.calendar.leaves"].sudo()._cron_sync_public_holidays(employees=self)
        return result

    def _esn_works_in_alsace_moselle(self, day, missions=None):
        """Whether the employee works in Bas-Rhin, Haut-Rhin or Moselle on `day`, where Good Friday
        and 26 December are public holidays too: the law of the place of work (L3134-13), the site
        of their missions that day, else their own work address. `missions`: their active and done
        missions, when the caller read them already."""
        self.ensure_one()
        if missions is None:
            missions = self._esn_placed_missions()
        sites = [
            mission._work_site()
            for mission in missions
            if mission.employee_id == self and mission.date_start <= day <= mission.date_end
        ]
        # a site without an address says nothing of where it is: the employee's own then
        sites = [site for site in sites if site.zip] or [self.work_location_id.address_id or self.address_id]
        return any((site.zip or "").strip()[:2] in ALSACE_MOSELLE_DEPARTMENTS for site in sites)

    def _esn_placed_missions(self):
        # sudo: where the employee works: HR officers and time off approvers read no missions
        return (
            self.env["esn.mission"]
            .sudo()
            .search([("employee_id", "in", self.ids), ("state", "in", ("active", "done"))])
        )

    def _esn_day_availability(self, date_from, date_to):
        """{employee id: {day: activity report day values}}: what each day allows, from Odoo's working
        time: the employee's resource calendar (part time included), the public holidays (global
        leaves of the calendar) and their approved time off (their resource's leaves), in days to the
        half day. The one source of the days a consultant can work: activity reports and the TACE."""
        start = datetime.datetime.combine(date_from, datetime.time.min)
        stop = datetime.datetime.combine(date_to, datetime.time.max)
        worked = self._list_work_time_per_day(start, stop)
        scheduled = self.with_context(compute_leaves=False)._list_work_time_per_day(start, stop)
        holidays = self.env["resource.calendar.leaves"]._esn_public_holidays(self, date_from, date_to)
        result = {}
        for employee in self:
            hours_per_day = employee._esn_hours_per_day()
            work, plan = dict(worked.get(employee.id, [])), dict(scheduled.get(employee.id, []))
            result[employee.id] = days = {}
            for day in days_between(date_from, date_to):
                holiday = holidays[employee].get(day)
                if holiday:
                    kind = "public_holiday"
                elif not plan.get(day):
                    kind = "weekend" if day.weekday() >= 5 else "not_scheduled"
                else:
                    kind = "working"
                working = kind == "working"
                time_off = (
                    half_days((plan.get(day, 0) - work.get(day, 0)) / hours_per_day) if working else 0.0
                )
                days[day] = {
                    "day_kind": kind,
                    "holiday_name": holiday or False,
                    "available": min(half_days(plan[day] / hours_per_day), 1 - time_off) if working else 0.0,
                    "time_off": time_off,
                    "absence": time_off == 1,
                }
        return result
