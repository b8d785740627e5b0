from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _esn_cras(self):
        return self.line_ids.esn_cra_id

    def _esn_still_bills(self):
        """Whether this invoice or bill still bills its activity reports: not cancelled, not
        reversed by posted credit notes."""
        self.ensure_one()
        if self.state == "cancel" or self.payment_state == "reversed":
            return False
        refunded = sum(
            self.reversal_move_ids.filtered(lambda move: move.state == "posted").mapped("amount_total")
        )
        return self.currency_id.compare_amounts(refunded, self.amount_total) < 0

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted.reversed_entry_id._esn_cras()._refresh_invoiced()
        return posted

    def action_esn_attach_cra_pdf(self):
        """Attach the PDF of each activity report the invoice bills, for the client's records."""
        report = self.env["ir.actions.report"]
        for move in self:
            for cra in move._esn_cras():
                pdf, _type = report._render_qweb_pdf("esn_cra.action_report_cra", cra.ids)
                self.env["ir.attachment"].create(
                    {
                        "name": f"CRA {cra.employee_id.name} {cra.month}.pdf",
                        "raw": pdf,
                        "mimetype": "application/pdf",
                        "res_model": move._name,
                        "res_id": move.id,
                    }
                )
        return True

    def action_post(self):
        # obligation de vigilance: a non-compliant contractor's bill is blocked or warned about
        for bill in self.filtered(lambda move: move.move_type == "in_invoice" and move._esn_cras()):
            bill.partner_id._esn_check_compliance(bill, "action_post", amount=bill.amount_untaxed)
        return super().action_post()

    def button_cancel(self):
        result = super().button_cancel()
        self._esn_cras()._refresh_invoiced()
        return result

    def button_draft(self):
        result = super().button_draft()
        self._esn_cras()._refresh_invoiced()
        return result

    def _reverse_moves(self, default_values_list=None, cancel=False):
        reverses = super()._reverse_moves(default_values_list=default_values_list, cancel=cancel)
        self._esn_cras()._refresh_invoiced()
        return reverses

    def unlink(self):
        cras = self._esn_cras()
        result = super().unlink()
        cras.exists()._refresh_invoiced()
        return result
