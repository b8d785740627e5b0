from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.esn_cra.models.esn_cra import EDITABLE_STATES


class HrExpense(models.Model):
    _inherit = "hr.expense"

    esn_cra_id = fields.Many2one(
        "esn.cra",
        string="Activity Report",
        index="btree_not_null",
        copy=False,
        readonly=True,
        ondelete="restrict",
        help="The activity report the consultant declared this expense with, on the portal.",
    )
    esn_move_line_ids = fields.One2many(
        "account.move.line",
        "esn_expense_id",
        string="Billed On",
        readonly=True,
        groups="account.group_account_invoice",
    )

    def _esn_portal_status(self):
        """Where the expense stands, in the consultant's words rather than the expense workflow's."""
        self.ensure_one()
        if self.state in ("draft", "reported", "submitted"):
            if self.esn_cra_id.state in EDITABLE_STATES:
                return self.env._("To send with the report")
            return self.env._("Awaiting approval")
        return {
            "approved": self.env._("Approved"),
            "done": self.env._("Paid") if self.payment_mode == "own_account" else self.env._("Settled"),
            "refused": self.env._("Refused"),
        }.get(self.state, "")

    @api.depends("esn_cra_id")
    def _compute_can_be_reinvoiced(self):  # pylint: disable=missing-return
        """An expense of a report is rebilled on the report's invoice, never through a sale order
        (sale_expense): it would be billed twice."""
        super()._compute_can_be_reinvoiced()
        self.filtered("esn_cra_id").can_be_reinvoiced = False

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("esn_cra_id") for vals in vals_list):
            self._esn_refuse_report_link("create")
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and "esn_cra_id" in vals:
            self._esn_refuse_report_link("write")
        return super().write(vals)

    def _esn_refuse_report_link(self, operation):
        # who may not touch the expenses at all is told so first
        self.check_access(operation)
        raise UserError(
            self.env._(
                "The activity report of an expense is set when the consultant declares it with the report "
                "on the portal, never by hand."
            )
        )

    def _esn_billing_lines(self, move_type):
        """The lines of invoices (or bills) of `move_type` that still bill these expenses."""
        # sudo: the billing lines are invoicing users' (groups=account.group_account_invoice)
        return self.sudo().esn_move_line_ids.filtered(
            lambda line: line.move_id.move_type == move_type and line.move_id._esn_still_bills()
        )
