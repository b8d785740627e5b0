from odoo import api, fields, models


class EsnStaffingProposal(models.Model):
    """A consultant proposed for an opportunity, with availability and rates."""

    _name = "esn.staffing.proposal"
    _description = "Staffing Proposal"
    _order = "sequence, id"

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    employee_id = fields.Many2one("hr.employee", string="Consultant", required=True)
    job_title = fields.Char(related="employee_id.job_title")
    supplier_id = fields.Many2one(related="employee_id.esn_supplier_id")
    available_from = fields.Date(related="employee_id.esn_available_from")
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id, required=True
    )
    sell_rate = fields.Monetary()
    buy_rate = fields.Monetary(
        compute="_compute_buy_rate", store=True, readonly=False, groups="esn_base.group_esn_manager"
    )
    state = fields.Selection(
        [("proposed", "Proposed"), ("selected", "Selected"), ("declined", "Declined")],
        default="proposed",
        required=True,
    )

    @api.depends("employee_id")
    def _compute_buy_rate(self):
        for proposal in self:
            proposal.buy_rate = proposal.employee_id.esn_daily_cost or proposal.supplier_id.esn_daily_rate
