from odoo import models

# EN 16931 profile of Factur-X (the invoices of activity reports use nothing beyond it)
EN16931_CONTEXT = "urn:cen.eu:en16931:2017"


class AccountEdiXmlCii(models.AbstractModel):
    _inherit = "account.edi.xml.cii"

    def _export_invoice_vals(self, invoice):
        vals = super()._export_invoice_vals(invoice)
        start, end = invoice._esn_service_period()
        if start:
            # BG-14: the days of service billed (Odoo's default is the invoice and due dates)
            on_payment = all(tax.tax_exigibility == "on_payment" for tax in invoice.invoice_line_ids.tax_ids)
            vals.update(
                billing_start=start,
                billing_end=end,
                document_context_id=EN16931_CONTEXT,
                esn_notes=invoice._esn_legal_notes(),
                # BT-8: VAT due on payment (72) for services, unless the company opted for debits (5)
                esn_tax_point_code="72" if on_payment else "5",
            )
        return vals


class AccountEdiCommon(models.AbstractModel):
    _inherit = "account.edi.common"

    def _get_tax_unece_codes(self, customer, supplier, tax):
        codes = super()._get_tax_unece_codes(customer, supplier, tax)
        # Odoo reads a 0 % tax to a business of another EU country as an intra-Community supply of
        # goods (K); services are reverse-charged to the client (AE, EN 16931 BR-AE)
        if codes["tax_category_code"] == "K" and tax.tax_scope == "service":
            return {
                "tax_category_code": "AE",
                "tax_exemption_reason_code": "VATEX-EU-AE",
                "tax_exemption_reason": self.env._("Reverse charge"),
            }
        return codes
