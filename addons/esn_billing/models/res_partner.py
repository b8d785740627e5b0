from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .res_company import REVERSE_CHARGE_TAXES

VAT_REGIMES = [
    ("subject", "Subject to VAT"),
    ("franchise", "VAT Franchise (art. 293 B CGI)"),
    ("eu", "EU, reverse charge (art. 283-2 CGI)"),
    ("non_eu", "Outside the EU, reverse charge (art. 283-2 CGI)"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    esn_vat_regime = fields.Selection(
        VAT_REGIMES,
        string="VAT Regime",
        default="subject",
        tracking=True,
        help="How VAT applies to what the contractor bills: charged as usual; not charged (franchise "
        "en base, art. 293 B: no VAT to deduct); or due by the ESN itself (reverse charge) for a "
        "contractor established in another EU country or outside the EU.",
    )
    esn_vat_on_debits = fields.Boolean(
        string="VAT on Debits",
        tracking=True,
        help="The contractor opted to pay VAT on its services when invoiced (option pour les débits, "
        "mentioned on its invoices): the ESN deducts it from the bill's date. Otherwise, as the law has "
        "it for services, when the bill is paid (CGI 269-2-c, 271-I-2).",
    )
    esn_self_billing_mandate_date = fields.Date(
        string="Self-Billing Mandate",
        tracking=True,
        help="Date of the mandate by which the contractor lets the ESN issue its invoices "
        "(autofacturation, CGI 289-I-2). Empty: the ESN waits for the contractor's own invoice.",
    )
    esn_self_billing_contest_days = fields.Integer(
        string="Days to Contest",
        default=15,
        tracking=True,
        help="Days the mandate gives the contractor to contest an invoice the ESN issued in its name; "
        "past them, the invoice is accepted.",
    )
    esn_legal_form = fields.Char(
        string="Legal Form",
        tracking=True,
        help="e.g. EI, SASU, EURL: printed on the invoices the ESN issues in the contractor's name.",
    )

    @api.constrains(
        "esn_self_billing_mandate_date",
        "esn_self_billing_contest_days",
        "esn_legal_form",
        "esn_vat_regime",
        "vat",
        "esn_siren",
        "street",
        "zip",
        "city",
        "country_id",
    )
    def _check_esn_self_billing_mandate(self):
        today = fields.Date.context_today(self)
        for partner in self.filtered("esn_self_billing_mandate_date"):
            if partner.esn_self_billing_mandate_date > today:
                raise ValidationError(
                    self.env._(
                        "The self-billing mandate of %(partner)s cannot be signed in the future.",
                        partner=partner.display_name,
                    )
                )
            if partner.esn_self_billing_contest_days <= 0:
                raise ValidationError(
                    self.env._(
                        "The days %(partner)s has to contest an invoice issued in its name must be positive.",
                        partner=partner.display_name,
                    )
                )
            if missing := partner._esn_self_billing_identity_gaps():
                raise ValidationError(partner._esn_self_billing_identity_message(missing))

    def _esn_self_billing_identity_gaps(self):
        """What the invoices the ESN issues in this contractor's name would lack of the seller's
        identity (CGI 242 nonies A: name, address, SIREN, legal form, VAT number)."""
        self.ensure_one()
        missing = []
        if not (self.street and self.zip and self.city and self.country_id):
            missing.append(self.env._("full address"))
        if not self.esn_legal_form:
            missing.append(self.env._("legal form"))
        french = self.country_id.code in (False, "FR")
        if french and not self.esn_siren:
            missing.append(self.env._("SIREN or SIRET"))
        # a VAT number where the contractor has one: charging French VAT, or established in the EU
        if not self.vat and self.esn_vat_regime in ("subject", "eu"):
            missing.append(self.env._("VAT number (or the VAT franchise)"))
        return missing

    def _esn_self_billing_identity_message(self, missing):
        return self.env._(
            "The ESN issues the invoices of %(partner)s in its name: fill in its %(missing)s first.",
            partner=self.display_name,
            missing=", ".join(missing),
        )

    def _esn_self_billed(self, day=None):
        """Whether the ESN issues this contractor's invoices on `day` (a mandate signed by then)."""
        self.ensure_one()
        mandate = self.commercial_partner_id.esn_self_billing_mandate_date
        return bool(mandate) and mandate <= (day or fields.Date.context_today(self))

    def _esn_vat_fiscal_position(self, company):
        """The fiscal position of the contractor's VAT regime in `company`: none when it charges VAT
        as usual; made once per company and regime otherwise, mapping the service purchase taxes."""
        self.ensure_one()
        regime = self.commercial_partner_id.esn_vat_regime or "subject"
        if regime == "subject":
            return self.env["account.fiscal.position"]
        xmlid = f"esn_billing.{company.id}_fiscal_position_{regime}"
        position = self.env.ref(xmlid, raise_if_not_found=False)
        if not position:
            label = dict(self._fields["esn_vat_regime"]._description_selection(self.env))[regime]
            # sudo: fiscal positions are accounting managers' to create: made once, by whoever first bills
            position = (
                self.env["account.fiscal.position"]
                .sudo()
                .create({"name": label, "company_id": company.id, "auto_apply": False})
            )
            position._esn_set_vat_mention(regime)
            # sudo: external ids are administrators' to write: the regime's fiscal position is found by it
            self.env["ir.model.data"].sudo()._update_xmlids(
                [{"xml_id": xmlid, "record": position, "noupdate": True}]
            )
        # the company's service purchase taxes (and the goods one the product may carry) are mapped:
        # to nothing under the franchise, to the reverse-charge tax otherwise
        sources = (
            company._esn_chart_ref("tva_acq_encaissement")
            | company._esn_chart_ref("tva_acq_normale")
            | company._esn_service_tax("purchase", on_debits=True)
        )
        destination = (
            company._esn_chart_ref(REVERSE_CHARGE_TAXES[regime]) if regime in REVERSE_CHARGE_TAXES else None
        )
        missing = sources - position.tax_ids.tax_src_id
        if missing:
            # sudo: fiscal positions are accounting managers' to write: the mapping is completed whoever bills
            position.sudo().write(
                {
                    "tax_ids": [
                        fields.Command.create(
                            {"tax_src_id": tax.id, "tax_dest_id": destination and destination.id}
                        )
                        for tax in missing
                    ]
                }
            )
        return position

    @api.model
    def _esn_vat_mention(self, regime):
        if regime == "franchise":
            return self.env._("VAT not applicable, art. 293 B of the French tax code (CGI).")
        if regime in REVERSE_CHARGE_TAXES:
            # services of a contractor established abroad, in the EU or not: the ESN pays the VAT
            return self.env._("Reverse charge: VAT due by the customer (art. 283-2 of the French tax code).")
        return ""

    def _esn_address_line(self):
        """The partner's postal address on one line, for the identities an invoice prints."""
        self.ensure_one()
        lines = self._display_address(without_company=True).splitlines()
        return ", ".join(line for line in lines if line.strip())
