from collections import Counter

from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    esn_mission_count = fields.Integer(compute="_compute_esn_mission_count", string="Mission Count")

    @api.depends_context("uid")
    def _compute_esn_mission_count(self):
        counts = Counter()
        Mission = self.env["esn.mission"]
        if Mission.has_access("read"):
            for field in ("partner_id", "supplier_id"):
                counts.update(dict(Mission._read_group([(field, "in", self.ids)], [field], ["__count"])))
        for partner in self:
            partner.esn_mission_count = counts[partner]

    def action_esn_view_missions(self):
        """The missions of this client, or placed through this contractor."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("esn_mission.action_esn_missions")
        action["domain"] = ["|", ("partner_id", "=", self.id), ("supplier_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id} if not self.esn_contractor_kind else {}
        return action

    def _esn_vigilance_checks(self):
        """The checks recorded for the contractor's missions, oldest first, in its vigilance dossier."""
        checks = self.env["esn.mission.vigilance.check"].search(
            [("partner_id", "=", self.commercial_partner_id.id)], order="date, id"
        )
        triggers = dict(checks._fields["trigger"]._description_selection(self.env))
        return super()._esn_vigilance_checks() + [
            {
                "date": check.date,
                "subject": check.mission_id.display_name,
                "trigger": triggers[check.trigger],
                "compliant": check.compliant,
                "issues": check.issues,
                "user": check.user_id.name,
                "late": check.late,
                "override": check.override_reason and check.user_id.name,
                "reason": check.override_reason,
            }
            for check in checks
        ]
