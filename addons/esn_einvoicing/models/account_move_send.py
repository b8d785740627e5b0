from odoo import api, models


class AccountMoveSend(models.AbstractModel):
    _inherit = "account.move.send"

    @api.model
    def _call_web_service_after_invoice_pdf_render(self, invoices_data):
        """Sending an invoice also deposits it on the company's plateforme agréée, in the background
        once its Factur-X PDF is made."""
        result = super()._call_web_service_after_invoice_pdf_render(invoices_data)
        invoices = self.env["account.move"].union(
            *(invoice for invoice, invoice_data in invoices_data.items() if not invoice_data.get("error"))
        )
        invoices._esn_pa_queue_deposit()
        return result
