from odoo import fields, models
from odoo.osv import expression


class ProjectProject(models.Model):
    _inherit = "project.project"

    esn_mission_ids = fields.One2many("esn.mission", "project_id", string="Missions")

    def _get_projects_to_make_billable_domain(self):
        # a mission's project is billed from its activity reports, never by Odoo's project billing
        return expression.AND(
            [super()._get_projects_to_make_billable_domain(), [("esn_mission_ids", "=", False)]]
        )


class ProjectTask(models.Model):
    _inherit = "project.task"

    def _get_projects_to_make_billable_domain(self, additional_domain=None):
        return expression.AND(
            [
                super()._get_projects_to_make_billable_domain(additional_domain),
                [("project_id.esn_mission_ids", "=", False)],
            ]
        )
