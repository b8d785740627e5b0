from odoo import fields, models


class EsnMonthReopenWizard(models.TransientModel):
    _name = "esn.month.reopen.wizard"
    _description = "Reopen a Closed Month"

    closing_id = fields.Many2one("esn.month.closing", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_reopen(self):
        self.ensure_one()
        return self.closing_id.action_reopen(self.reason)
