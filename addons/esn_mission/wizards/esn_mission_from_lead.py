from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date


class EsnMissionFromLead(models.TransientModel):
    """From a won opportunity: the confirmed sale order of consultant days and its mission, in one step."""

    _name = "esn.mission.from.lead"
    _description = "Create a Mission from an Opportunity"

    lead_id = fields.Many2one("crm.lead", required=True, readonly=True)
    partner_id = fields.Many2one(related="lead_id.partner_id", string="Client")
    proposal_id = fields.Many2one(
        "esn.staffing.proposal",
        string="Staffing Proposal",
        domain="[('lead_id', '=', lead_id)]",
        compute="_compute_proposal_id",
        store=True,
        readonly=False,
    )
    employee_id = fields.Many2one(
        "hr.employee",
        string="Consultant",
        compute="_compute_from_proposal",
        store=True,
        readonly=False,
        required=True,
    )
    product_id = fields.Many2one(
        "product.product",
        required=True,
        domain=[("esn_is_mission", "=", True)],
        default=lambda self: self.env.ref("esn_mission.product_consultant_day", raise_if_not_found=False),
    )
    date_start = fields.Date(string="Start Date", required=True)
    date_end = fields.Date(string="End Date", required=True)
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id)
    sell_rate = fields.Monetary(compute="_compute_from_proposal", store=True, readonly=False, required=True)
    buy_rate = fields.Monetary(
        compute="_compute_from_proposal", store=True, readonly=False, groups="esn_base.group_esn_manager"
    )
    accept_negative_margin = fields.Boolean(groups="esn_base.group_esn_manager")
    ordered_days = fields.Float(help="Days ordered by the client; empty: the working days of the period.")
    client_po = fields.Char(string="Client PO")

    @api.depends("lead_id")
    def _compute_proposal_id(self):
        for wizard in self:
            wizard.proposal_id = wizard.lead_id.esn_staffing_ids.filtered(lambda p: p.state != "declined")[:1]

    @api.depends("proposal_id")
    def _compute_from_proposal(self):
        for wizard in self:
            proposal = wizard.proposal_id
            wizard.employee_id = proposal.employee_id
            wizard.sell_rate = proposal.sell_rate
            # sudo: the proposal's buy rate is the managers' (groups=); only they confirm with it
            wizard.buy_rate = proposal.sudo().buy_rate

    def action_confirm(self):
        self.ensure_one()
        lead = self.lead_id
        # two users confirming the same opportunity at once: the second waits here, then finds the mission
        self.env.cr.execute(SQL("SELECT id FROM crm_lead WHERE id = %s FOR UPDATE", lead.id))
        lead.invalidate_recordset(["esn_mission_ids"])
        if lead.esn_mission_ids:
            return lead.action_esn_view_missions()
        if not lead.partner_id:
            raise UserError(self.env._("Set the client of opportunity %(lead)s first.", lead=lead.name))
        if self.date_end < self.date_start:
            raise UserError(
                self.env._(
                    "The mission cannot end (%(end)s) before it starts (%(start)s).",
                    end=format_date(self.env, self.date_end),
                    start=format_date(self.env, self.date_start),
                )
            )
        # sudo: the consultant's schedule and time off, whoever confirms the opportunity
        days = self.ordered_days or self.employee_id.sudo()._esn_working_days(self.date_start, self.date_end)
        # a manager's buy rate; the consultant's cost otherwise
        manager = self.env.user.has_group("esn_base.group_esn_manager")
        buy_rate = {"esn_buy_rate": self.buy_rate} if manager and self.buy_rate else {}
        order = self.env["sale.order"].create(
            {
                "partner_id": lead.partner_id.id,
                "opportunity_id": lead.id,
                "client_order_ref": self.client_po,
                "company_id": lead.company_id.id or self.env.company.id,
                "user_id": lead.user_id.id or self.env.uid,
                "order_line": [
                    fields.Command.create(
                        {
                            "product_id": self.product_id.id,
                            "product_uom_qty": days,
                            "price_unit": self.sell_rate,
                            "esn_employee_id": self.employee_id.id,
                            "esn_date_start": self.date_start,
                            "esn_date_end": self.date_end,
                            **buy_rate,
                        }
                    )
                ],
            }
        )
        order.with_context(
            esn_accept_negative_margin=manager and self.accept_negative_margin
        ).action_confirm()
        if not lead.stage_id.is_won:
            lead.action_set_won()
        self.proposal_id.state = "selected"
        mission = order.order_line.esn_mission_ids
        return {
            "type": "ir.actions.act_window",
            "res_model": "esn.mission",
            "res_id": mission.id,
            "view_mode": "form",
        }
