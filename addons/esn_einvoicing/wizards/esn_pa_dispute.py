from odoo import api, fields, models
from odoo.exceptions import UserError


class EsnPaDispute(models.TransientModel):
    """Dispute supplier invoices received through the plateforme agréée: the reason and its details go
    back to the supplier through its platform (status 207, En litige)."""

    _name = "esn.pa.dispute"
    _description = "Dispute a Supplier E-Invoice"

    move_ids = fields.Many2many("account.move", string="Supplier Invoices", required=True)
    reason = fields.Selection("_reason_selection", required=True)
    comment = fields.Text(string="Details", required=True, help="What the supplier must correct.")

    @api.model
    def _reason_selection(self):
        return [
            ("QTE_ERR", self.env._("Wrong quantity billed")),
            ("PU_ERR", self.env._("Wrong unit prices")),
            ("TX_TVA_ERR", self.env._("Wrong VAT rate")),
            ("MONTANTTOTAL_ERR", self.env._("Wrong total")),
            ("CALCUL_ERR", self.env._("Calculation error")),
            ("NON_CONFORME", self.env._("Missing legal mention")),
            ("DOUBLON", self.env._("Duplicate invoice")),
            ("CMD_ERR", self.env._("Wrong or missing order number")),
            ("REF_CT_ABSENT", self.env._("Missing contract reference")),
            ("COORD_BANC_ERR", self.env._("Wrong bank details")),
            ("AUTRE", self.env._("Other")),
        ]

    def action_confirm(self):
        self.ensure_one()
        bills = self.move_ids
        bills.check_access("write")
        wrong = bills.filtered(lambda move: not (move.is_purchase_document() and move.esn_pa_flow_ref))
        if wrong:
            raise UserError(
                self.env._(
                    "Only supplier invoices received through the plateforme agréée can be disputed there: "
                    "%(moves)s.",
                    moves=", ".join(wrong.mapped("display_name")),
                )
            )
        for bill in bills:
            bill._esn_pa_queue_status("207", self.reason, self.comment)
            bill.message_post(
                body=self.env._(
                    "Disputed through the plateforme agréée: %(reason)s. %(comment)s",
                    reason=dict(self._reason_selection())[self.reason],
                    comment=self.comment,
                )
            )
        return {"type": "ir.actions.act_window_close"}
