from odoo import fields, models


class EsnComplianceRejectWizard(models.TransientModel):
    _name = "esn.compliance.reject.wizard"
    _description = "Reject Compliance Documents"

    document_ids = fields.Many2many("esn.compliance.document", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.document_ids.action_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
