import re

from stdnum.fr import siren as stdnum_siren

from odoo import models
from odoo.tools import frozendict

# EN 16931 profile of Factur-X (the invoices of activity reports use nothing beyond it)
EN16931_CONTEXT = "urn:cen.eu:en16931:2017"
# BT-23, the French billing framework (cadre de facturation, BR-FR-08): S1, an invoice of services
SERVICES_FRAMEWORK = "S1"
# BT-3 of the invoices the ESN issues in a contractor's name: self-billed invoice and credit note
SELF_BILLED_TYPE_CODES = {"in_invoice": "389", "in_refund": "261"}


class AccountEdiXmlCii(models.AbstractModel):
    _inherit = "account.edi.xml.cii"

    def _get_exchanged_document_vals(self, invoice):
        vals = super()._get_exchanged_document_vals(invoice)
        if invoice.esn_self_billed and invoice._esn_cras():
            vals["type_code"] = SELF_BILLED_TYPE_CODES.get(invoice.move_type, vals["type_code"])
        return vals

    def _export_invoice_vals(self, invoice):
        vals = super()._export_invoice_vals(invoice)
        start, end = invoice._esn_service_period()
        if not start:
            return vals
        company = invoice.company_id.partner_id
        # a self-billed invoice is the contractor's: it sells, the ESN buys
        self_billed = invoice.esn_self_billed
        seller, buyer = (
            (invoice.commercial_partner_id, company) if self_billed else (company, invoice.partner_id)
        )
        seller_ids, buyer_ids = self._esn_party_identifiers(seller), self._esn_party_identifiers(buyer)
        preceding = invoice.reversed_entry_id
        on_payment = all(tax.tax_exigibility == "on_payment" for tax in invoice.invoice_line_ids.tax_ids)
        vals.update(
            # BG-14: the days of service billed (Odoo's default is the invoice and due dates)
            billing_start=start,
            billing_end=end,
            document_context_id=EN16931_CONTEXT,
            esn_business_process=SERVICES_FRAMEWORK,
            esn_notes=self._esn_notes(invoice, seller_ids, buyer_ids),
            # BT-8: VAT due on payment (72) for services, unless the company opted for debits (5)
            esn_tax_point_code="72" if on_payment else "5",
            esn_seller=seller,
            esn_buyer=buyer,
            esn_seller_ids=seller_ids,
            esn_buyer_ids=buyer_ids,
            # BT-30, BT-47: the SIREN (BR-FR-10, BR-FR-32), the SIRET being the party's identifier
            seller_specified_legal_organization=seller_ids["siren"],
            buyer_specified_legal_organization=buyer_ids["siren"],
            ship_to_trade_party=company if self_billed else vals["ship_to_trade_party"],
            buyer_reference="" if self_billed else vals["buyer_reference"],
            # BT-13: the client's order, which a credit note's reference (Odoo's reversal text) is not
            purchase_order_reference="" if self_billed else (preceding or invoice).ref or "",
            # BT-25, BT-26: the invoice a credit note corrects (BR-FR-CO-05)
            esn_preceding_invoice=preceding,
        )
        if seller.esn_vat_regime == "franchise":
            self._esn_exempt_untaxed_lines(vals, seller._esn_vat_mention("franchise"))
        return vals

    def _export_invoice_constraints(self, invoice, vals):
        constraints = super()._export_invoice_constraints(invoice, vals)
        if vals.get("esn_seller") and vals["esn_seller"].esn_vat_regime == "franchise":
            constraints.pop("tax_on_line", None)  # the lines without VAT are exempt (category E)
        return constraints

    def _esn_party_identifiers(self, partner):
        """A party's SIRET (BT-29, BT-46: scheme 0009), SIREN (BT-30, BT-47) and electronic address
        (BT-34, BT-49: mandatory, BR-FR-12 and BR-FR-13)."""
        partner = partner.commercial_partner_id
        siret = re.sub(r"\D", "", partner.siret or "")
        vat = (partner.vat or "").replace(" ", "").upper()
        # a French VAT number is FR, a key of 2 characters and the SIREN (Monaco's, FR too, carry none)
        from_vat = vat[4:] if vat[:2] == "FR" and vat[4:7] != "000" and stdnum_siren.is_valid(vat[4:]) else ""
        siren = re.sub(r"\D", "", partner.esn_siren or "") or siret[:9] or from_vat
        siren = siren if len(siren) == 9 and siren.isdigit() else False
        if siren:
            # the French directory routes an invoice to the SIREN (BR-FR-21, BR-FR-22)
            endpoint = ("0225", siren)
        elif partner.peppol_eas and partner.peppol_endpoint:
            endpoint = (partner.peppol_eas, partner.peppol_endpoint)
        else:
            endpoint = ("EM", partner.email) if partner.email else (False, False)
        return {
            # BR-FR-09: a SIRET starts with the SIREN
            "siret": siret if siren and len(siret) == 14 and siret[:9] == siren else False,
            "siren": siren,
            "endpoint_scheme": endpoint[0],
            "endpoint": endpoint[1],
        }

    def _esn_notes(self, invoice, seller_ids, buyer_ids):
        notes = invoice._esn_legal_notes()
        # BR-FR-20: the processing the invoice calls for, e-invoicing between French businesses (B2B),
        # e-reporting otherwise (B2BINT)
        notes.append(("BAR", "B2B" if seller_ids["siren"] and buyer_ids["siren"] else "B2BINT"))
        return notes

    def _esn_exempt_untaxed_lines(self, vals, reason):
        """Lines without VAT (a contractor under the franchise en base) exempt from it: category E
        with its reason (EN 16931 BR-CO-04, BR-E-10)."""
        details = vals["tax_details"]
        lines = [
            line_vals["line"]
            for line_vals in vals["invoice_line_vals_list"]
            if not details["tax_details_per_record"][line_vals["line"]]["tax_details"]
        ]
        if not lines:
            return
        key = frozendict(
            tax_category_code="E",
            tax_exemption_reason_code="VATEX-FR-FRANCHISE",
            tax_exemption_reason=reason,
            amount=0.0,
            amount_type="percent",
        )
        for line in lines:
            details["tax_details_per_record"][line]["tax_details"] = {
                key: {**key, "base_amount_currency": line.price_subtotal, "tax_amount_currency": 0.0}
            }
        base = sum(line.price_subtotal for line in lines)
        details["tax_details"][key] = {
            **key,
            "base_amount_currency": base,
            "tax_amount_currency": 0.0,
            "calculated_amount": 0.0,
        }
        vals["tax_basis_total_amount"] += base


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
