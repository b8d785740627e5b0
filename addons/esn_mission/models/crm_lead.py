from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    esn_staffing_ids = fields.One2many("esn.staffing.proposal", "lead_id", string="Staffing")
    esn_mission_ids = fields.One2many("esn.mission", "lead_id", string="Missions")
    esn_mission_count = fields.Integer(compute="_compute_esn_mission_count", string="Mission Count")

    def _compute_esn_mission_count(self):
        counts = dict(
            self.env["esn.mission"]._read_group([("lead_id", "in", self.ids)], ["lead_id"], ["__count"])
        )
        for lead in self:
            lead.esn_mission_count = counts.get(lead, 0)

    def action_esn_create_mission(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("esn_mission.action_esn_mission_from_lead")
        action["context"] = {"default_lead_id": self.id}
        return action

    def action_esn_view_missions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("esn_mission.action_esn_missions")
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {"default_lead_id": self.id, "default_partner_id": self.partner_id.id}
        return action
