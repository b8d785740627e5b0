from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# where and when the consultant works, which decides the local public holidays
WORK_PLACE_FIELDS = frozenset({"work_address_id", "partner_id", "date_start", "date_end", "state"})


class EsnMission(models.Model):
    _inherit = "esn.mission"

    cra_ids = fields.One2many("esn.cra", "mission_id", string="Activity Reports")
    client_validator_id = fields.Many2one(
        "res.partner",
        compute="_compute_client_validator_id",
        store=True,
        readonly=False,
        domain="[('commercial_partner_id', '=', partner_id), ('is_company', '=', False)]",
        help="The person at the client who approves activity reports, required when the client approves "
        "them: receives the approval link, and answers on the portal with their login.",
    )

    @api.depends("partner_id")
    def _compute_client_validator_id(self):
        for mission in self:
            if not mission._is_client_contact(mission.client_validator_id):
                mission.client_validator_id = False

    def _is_client_contact(self, partner):
        """Whether `partner` is a person of the mission's client (not the company itself)."""
        return bool(
            partner
            and not partner.is_company
            and partner.commercial_partner_id == self.partner_id.commercial_partner_id
        )

    @api.constrains("client_validator_id", "partner_id")
    def _check_client_validator(self):
        for mission in self:
            validator = mission.client_validator_id
            if validator and not mission._is_client_contact(validator):
                raise ValidationError(
                    self.env._(
                        "The client validator of mission %(mission)s must be a contact person of "
                        "%(client)s, not %(validator)s.",
                        mission=mission.name,
                        client=mission.partner_id.commercial_partner_id.name,
                        validator=validator.display_name,
                    )
                )

    def write(self, vals):
        result = super().write(vals)
        if "client_validator_id" in vals:
            self._check_client_validator_named()
        if WORK_PLACE_FIELDS & vals.keys():
            # Good Friday and 26 December follow the consultant to (or out of) Alsace-Moselle
            # sudo: the sync writes the public holidays of every French company, not only the user's
            self.env["resource.calendar.leaves"].sudo()._cron_sync_public_holidays(employees=self.employee_id)
        return result

    # a constraint on the validator would also check its compute, which runs when the module is
    # installed, before anyone could name one: written, it is checked by write()
    @api.constrains("client_approval_required", "state")
    def _check_client_validator_named(self):
        for mission in self:
            if (
                mission.state == "active"
                and mission.client_approval_required
                and not mission.client_validator_id
            ):
                raise ValidationError(
                    self.env._(
                        "Mission %(mission)s requires the client's approval of its activity reports: "
                        "name its client validator, a contact person of %(client)s.",
                        mission=mission.name,
                        client=mission.partner_id.commercial_partner_id.name,
                    )
                )

    def _check_cra_declarant(self):
        """The mission's own consultant (through their CRA login), or the ESN staff who manage the
        mission, declare its days."""
        if self.env.su:
            return
        if self.env.user.has_group("esn_base.group_esn_user"):
            self.check_access("write")
            return
        # sudo: a consultant without ESN role cannot read the employee's CRA login
        if self.sudo().filtered(lambda mission: mission.employee_id.esn_login_user_id != self.env.user):
            raise AccessError(self.env._("You can only declare the days of your own missions."))
