from odoo import models


class EsnMonthEndInvoicing(models.TransientModel):
    _inherit = "esn.month.end.invoicing"

    def _invoice(self, cras, post, send):
        """Beyond a job's worth of reports, in background jobs."""
        if len(cras) > self.env["esn.month.end.jobs"]._job_size():
            return cras._create_invoices_in_background(
                self.invoice_date, self.bill_date, post=post, send=send
            )
        return super()._invoice(cras, post, send)
