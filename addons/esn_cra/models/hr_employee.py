from odoo import api, models

from .resource_calendar_leaves import ALSACE_MOSELLE_DEPARTMENTS


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    @api.model_create_multi
    def create(self, vals_list):
        employees = super().create(vals_list)
        if any(employee.address_id or employee.work_location_id for employee in employees):
            self.env["resource.calendar.leaves"].sudo()._cron_sync_public_holidays(employees=employees)
        return employees

    def write(self, vals):
        result = super().write(vals)
        if {"address_id", "work_location_id"} & vals.keys():
            # Good Friday and 26 December follow the consultant to (or out of) Alsace-Moselle
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
        return (
            self.env["esn.mission"]
            .sudo()
            .search([("employee_id", "in", self.ids), ("state", "in", ("active", "done"))])
        )
