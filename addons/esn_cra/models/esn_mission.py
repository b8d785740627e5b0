from odoo import api, fields, models
from odoo.exceptions import AccessError


class EsnMission(models.Model):
    _inherit = "esn.mission"

    cra_ids = fields.One2many("esn.cra", "mission_id", string="Activity Reports")
    client_validator_id = fields.Many2one(
        "res.partner",
        compute="_compute_client_validator_id",
        store=True,
        readonly=False,
        domain="[('commercial_partner_id', '=', partner_id)]",
        help="The client's contact who approves activity reports; receives the approval link.",
    )

    @api.depends("partner_id")
    def _compute_client_validator_id(self):
        for mission in self:
            if mission.client_validator_id.commercial_partner_id != mission.partner_id.commercial_partner_id:
                mission.client_validator_id = mission.partner_id

    def _check_cra_declarant(self):
        """The mission's own consultant (through their CRA login), or the ESN staff who manage the
        mission, declare its days."""
        if self.env.su:
            return
        if self.env.user.has_group("esn_base.group_esn_user"):
            self.check_access("write")
            return
        if self.sudo().filtered(lambda mission: mission.employee_id.esn_login_user_id != self.env.user):
            raise AccessError(self.env._("You can only declare the days of your own missions."))
