from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        """A payment matched with an invoice exchanged through the plateforme agréée is told there."""
        partials = super().create(vals_list)
        for partial in partials:
            lines = partial.debit_move_id | partial.credit_move_id
            for invoice in lines.move_id:
                if (
                    invoice.esn_pa_flow_ref
                    and invoice.move_type in ("out_invoice", "in_invoice")
                    and invoice._esn_pa_payment(partial)
                ):
                    invoice._esn_pa_queue_payment(partial)
        return partials
