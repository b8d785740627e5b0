from odoo import api, fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    esn_mission_count = fields.Integer(
        string="Missions", compute="_compute_esn_missions", groups="esn_base.group_esn_user"
    )
    esn_current_mission_id = fields.Many2one(
        "esn.mission",
        string="Current Mission",
        compute="_compute_esn_missions",
        groups="esn_base.group_esn_user",
        help="The consultant's active mission today.",
    )

    @api.depends_context("uid")
    def _compute_esn_missions(self):
        Mission = self.env["esn.mission"]
        counts = dict(Mission._read_group([("employee_id", "in", self.ids)], ["employee_id"], ["__count"]))
        today = fields.Date.context_today(self)
        current = Mission.search(
            [
                ("employee_id", "in", self.ids),
                ("state", "=", "active"),
                ("date_start", "<=", today),
                ("date_end", ">=", today),
            ],
            order="date_start desc",
        )
        for employee in self:
            employee.esn_mission_count = counts.get(employee, 0)
            employee.esn_current_mission_id = current.filtered(
                lambda mission, e=employee: mission.employee_id == e
            )[:1]

    def action_esn_view_missions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("esn_mission.action_esn_missions")
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"default_employee_id": self.id}
        return action
