from odoo import api, fields, models
from odoo.exceptions import UserError


class EsnMissionVigilanceCheck(models.Model):
    """One check of a contractor's documents for a mission: at signature, then every 6 months
    until the mission ends (Code du travail L8222-1, D8222-5). Written by the suite, never by hand:
    the record an URSSAF inspector asks for."""

    _name = "esn.mission.vigilance.check"
    _description = "Vigilance Check"
    _order = "date desc, id desc"

    # the proof outlives its mission: a mission checked is cancelled, not deleted
    mission_id = fields.Many2one("esn.mission", required=True, readonly=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="mission_id.company_id", store=True)
    currency_id = fields.Many2one(related="mission_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Contractor", required=True, readonly=True)
    date = fields.Date(required=True, readonly=True)
    trigger = fields.Selection(
        [("signature", "At Signature"), ("amendment", "At an Amendment"), ("periodic", "Every 6 Months")],
        required=True,
        readonly=True,
    )
    contract_amount = fields.Monetary(
        readonly=True,
        groups="esn_base.group_esn_manager",  # the buy rate follows from it, as from the mission's
        help="The contract with the contractor, excl. VAT, amendments included, when checked.",
    )
    late = fields.Boolean(
        string="After the Start",
        readonly=True,
        help="The check at signature was made after the mission had started: the law asks for it when the "
        "contract is concluded (L8222-1).",
    )
    compliant = fields.Boolean(readonly=True)
    issues = fields.Text(readonly=True, help="What was missing or expired.")
    user_id = fields.Many2one("res.users", string="Checked By", readonly=True)
    override_reason = fields.Text(
        string="Decision",
        readonly=True,
        help="Why the contract went on with a contractor not compliant: the reason given by who "
        "overrode the block (Checked By).",
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("A vigilance check is the proof shown to an URSSAF inspector: it cannot be deleted.")
        )
