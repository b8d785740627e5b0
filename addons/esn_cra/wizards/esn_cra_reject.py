from odoo import fields, models


class EsnCraRejectWizard(models.TransientModel):
    _name = "esn.cra.reject.wizard"
    _description = "Reject Activity Reports"

    cra_ids = fields.Many2many("esn.cra", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.cra_ids.action_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
