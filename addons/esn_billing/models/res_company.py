from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_amount

# the French chart's 20 % service taxes (VAT due on payment, CGI 269-2-c; deductible when due, CGI
# 271-I-2), and the taxes a contractor's VAT regime maps them to on its bills
SERVICE_TAXES = {"sale": "tva_normale_encaissement", "purchase": "tva_acq_encaissement"}
# the French chart's 0 % tax of services to a business of another EU country (reverse charge)
EU_SERVICE_TAX = "tva_sale_service_intra_0"
REVERSE_CHARGE_TAXES = {"eu": "tva_intra_normale_services", "non_eu": "tva_purchase_service_20_import"}
# the French chart's accounts of consulting: days sold are services (706), contractors' days bought
# are services resold (604, achats de prestations de services incorporées), expenses rebilled to a
# client are ancillary income (7085)
SERVICE_ACCOUNTS = {
    "property_account_income_categ_id": "pcg_706",
    "property_account_expense_categ_id": "pcg_604",
}
REBILLED_EXPENSES_ACCOUNT = "pcg_7085"


class ResCompany(models.Model):
    _inherit = "res.company"

    esn_invoice_grouping = fields.Selection(
        [
            ("client", "Per client and month"),
            ("mission", "Per mission"),
            ("po", "Per purchase order"),
        ],
        string="Invoice Grouping",
        default="client",
        required=True,
    )
    esn_vat_on_debits = fields.Boolean(
        string="VAT on Debits",
        help="The company opted to pay VAT on its services when invoiced (option pour les débits) "
        "rather than when paid: its invoices of activity reports then use service taxes due at "
        "invoicing. Contractors' bills follow each contractor's own option.",
    )
    esn_legal_form = fields.Char(string="Legal Form", help="e.g. SAS, SARL: printed on invoices (R123-237).")
    esn_share_capital = fields.Monetary(
        string="Share Capital", currency_field="currency_id", help="Printed on invoices (R123-238)."
    )
    esn_rcs_city = fields.Char(
        string="RCS City", help="City of the trade and companies register (RCS) the company is registered at."
    )
    esn_foreign_buyer_without_id = fields.Boolean(
        string="Invoice Foreign Clients Without Their VAT Number",
        help="Invoices of activity reports to clients outside France may be posted without the "
        "client's VAT number. French clients always need their SIREN or VAT number.",
    )

    @api.constrains("esn_share_capital")
    def _check_esn_share_capital(self):
        if self.filtered(lambda company: company.esn_share_capital < 0):
            raise ValidationError(self.env._("The share capital cannot be negative."))

    def _esn_legal_identity(self):
        """The company as a French invoice names it (R123-237, R123-238): name, legal form and
        share capital, RCS city and SIREN, VAT number."""
        self.ensure_one()
        name = self.name
        if self.esn_legal_form and self.esn_share_capital:
            name = self.env._(
                "%(name)s, %(form)s with a share capital of %(capital)s",
                name=name,
                form=self.esn_legal_form,
                capital=format_amount(self.env, self.esn_share_capital, self.currency_id),
            )
        elif self.esn_legal_form:
            name = f"{name}, {self.esn_legal_form}"
        parts = [name]
        if self.siret:
            siren = self.siret.replace(" ", "")[:9]
            parts.append(
                " ".join(filter(None, ["RCS", self.esn_rcs_city, f"{siren[:3]} {siren[3:6]} {siren[6:]}"]))
            )
        if self.vat:
            parts.append(self.env._("VAT number %(vat)s", vat=self.vat))
        return " · ".join(parts)

    def _esn_chart_ref(self, xmlid):
        self.ensure_one()
        return self.env["account.chart.template"].with_company(self).ref(xmlid, raise_if_not_found=False)

    def _esn_service_tax(self, use, on_debits=False):
        """The 20 % service tax of the French chart for `use` ('sale' or 'purchase'): due on payment,
        or at invoicing `on_debits`, when the seller opted for debits (the company for its sales, the
        contractor for its bills). Empty without the French chart."""
        self.ensure_one()
        tax = self._esn_chart_ref(SERVICE_TAXES[use])
        if not tax or not on_debits:
            return tax
        return self._esn_debits_tax(tax)

    def _esn_debits_tax(self, on_payment):
        """The chart's on-payment service tax, due at invoicing: made once per company."""
        xmlid = f"esn_billing.{self.id}_{SERVICE_TAXES[on_payment.type_tax_use]}_debits"
        tax = self.env.ref(xmlid, raise_if_not_found=False)
        if not tax:
            # sudo: taxes are accounting managers' to create: made once, by whoever first needs it
            tax = on_payment.sudo().copy(
                {
                    "name": self.env._("%(tax)s (debits)", tax=on_payment.name),
                    "tax_exigibility": "on_invoice",
                    "cash_basis_transition_account_id": False,
                }
            )
            # sudo: external ids are administrators' to write: the company's debits tax is found by it
            self.env["ir.model.data"].sudo()._update_xmlids(
                [{"xml_id": xmlid, "record": tax, "noupdate": True}]
            )
        return tax

    def _esn_setup_billing(self):
        """Once the company's chart is loaded: the consulting category books on its service accounts,
        the consultant-day product bears its service taxes."""
        self._esn_setup_service_accounts()
        self._esn_setup_service_taxes()

    def _esn_setup_service_accounts(self):
        category = self.env.ref("esn_mission.product_category_consulting", raise_if_not_found=False)
        for company in self:
            accounts = {field: company._esn_chart_ref(xmlid) for field, xmlid in SERVICE_ACCOUNTS.items()}
            if category and all(accounts.values()):
                # sudo: categories are product managers' to write: set whoever loads the chart
                category.sudo().with_company(company).write(
                    {field: account.id for field, account in accounts.items()}
                )

    def _esn_setup_service_taxes(self):
        product = self.env.ref("esn_mission.product_consultant_day", raise_if_not_found=False)
        for company in self:
            sale = company._esn_service_tax("sale", company.esn_vat_on_debits)
            purchase = company._esn_service_tax("purchase")
            if not (product and sale and purchase):
                continue
            # sudo: product managers' to write, and the taxes of other companies (hidden by rules) are kept
            product = product.sudo()
            others_sale = product.taxes_id.filtered(lambda tax, company=company: tax.company_id != company)
            others_purchase = product.supplier_taxes_id.filtered(
                lambda tax, company=company: tax.company_id != company
            )
            product.write(
                {
                    "taxes_id": [fields.Command.set((others_sale | sale).ids)],
                    "supplier_taxes_id": [fields.Command.set((others_purchase | purchase).ids)],
                }
            )

    def write(self, vals):
        result = super().write(vals)
        if "esn_vat_on_debits" in vals:
            self._esn_setup_service_taxes()
        return result

    def _esn_self_billing_journal(self):
        """The purchase journal of self-billed invoices (autofacturation), with their own numbers."""
        self.ensure_one()
        xmlid = f"esn_billing.{self.id}_journal_self_billing"
        journal = self.env.ref(xmlid, raise_if_not_found=False)
        if not journal:
            # sudo: journals are accounting managers' to create: made once, by whoever first self-bills
            journal = (
                self.env["account.journal"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Self-Billing"),
                        "code": "AUTOF",
                        "type": "purchase",
                        "company_id": self.id,
                    }
                )
            )
            # sudo: external ids are administrators' to write: the self-billing journal is found by it
            self.env["ir.model.data"].sudo()._update_xmlids(
                [{"xml_id": xmlid, "record": journal, "noupdate": True}]
            )
        return journal
