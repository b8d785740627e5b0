from odoo import api, models

from .resource_calendar_leaves import ALSACE_MOSELLE_DEPARTMENTS


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    @api.model_create_multi
    def create(self, vals_list):
        employees = super().create(vals_list)
        if any(employee._esn_works_in_alsace_moselle() for employee in employees):
            self.env["resource.calendar.leaves"].sudo()._cron_sync_public_holidays()
        return employees

    def write(self, vals):
        result = super().write(vals)
        if {"address_id", "work_location_id"} & vals.keys():
            # Good Friday and 26 December follow the consultant to (or out of) Alsace-Moselle
            self.env["resource.calendar.leaves"].sudo()._cron_sync_public_holidays()
        return result

    def _esn_works_in_alsace_moselle(self):
        """Whether the employee's work address (or work location's) is in Bas-Rhin, Haut-Rhin or
        Moselle, where Good Friday and 26 December are public holidays too (L3134-13)."""
        self.ensure_one()
        address = self.work_location_id.address_id or self.address_id
        return (address.zip or "").strip()[:2] in ALSACE_MOSELLE_DEPARTMENTS
