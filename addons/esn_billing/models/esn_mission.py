from odoo import fields, models


class EsnMission(models.Model):
    _inherit = "esn.mission"

    margin = fields.Monetary(
        compute="_compute_margin",
        currency_field="company_currency_id",
        groups="esn_base.group_esn_manager",
        help="Margin to date of the mission's delivered activity reports (invoiced, or forecast).",
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")

    def _compute_margin(self):
        margins = dict(
            self.env["esn.margin.report"]._read_group(
                [("mission_id", "in", self.ids)], ["mission_id"], ["margin:sum"]
            )
        )
        for mission in self:
            mission.margin = margins.get(mission, 0.0)

    def action_view_margin(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("esn_billing.action_esn_margin_report")
        action["domain"] = [("mission_id", "=", self.id)]
        action["context"] = {"search_default_group_month": 1}
        return action
