from datetime import date

from odoo.tests import TransactionCase, new_test_user

from odoo.addons.esn_base.tests.common import EsnTestMixin

DAYS = {"2026-10-05": 1, "2026-10-06": 1, "2026-10-07": 0.5}


class BillingCase(EsnTestMixin, TransactionCase):
    """A French ESN on the French chart, a French client, a compliant subcontractor and its
    consultant; missions whose activity reports are ready to invoice. With `own_company`, the ESN
    is a company made for the test: a month's books and payroll are then the test's alone (the
    database's company may have closed that month)."""

    own_company = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if cls.own_company:
            company = cls.env["res.company"].create({"name": f"{cls.__name__} ESN"})
            cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        company = cls.env.company
        if company.chart_template != "fr":
            cls.env["account.chart.template"].try_loading("fr", company=company, install_demo=False)
        company.write(
            {
                "esn_compliance_enforcement": "warn",
                "country_id": cls.env.ref("base.fr").id,
                "vat": "FR44732829320",
                "siret": "73282932000074",
                "phone": "+33 1 23 45 67 89",
                "esn_legal_form": "SAS",
                "esn_share_capital": 50000,
                "esn_rcs_city": "Paris",
            }
        )
        cls.bank = company.partner_id.bank_ids[:1] or cls.env["res.partner.bank"].create(
            {"partner_id": company.partner_id.id, "acc_number": "FR7630006000011234567890189"}
        )
        cls.chart = cls.env["account.chart.template"].with_company(company)
        cls.sale_tax = cls.chart.ref("tva_normale_encaissement")
        cls.purchase_tax = cls.chart.ref("tva_acq_encaissement")
        cls.product = cls.env.ref("esn_mission.product_consultant_day")
        cls.manager = new_test_user(
            cls.env, "billing_manager", groups="esn_base.group_esn_manager", email="bm@example.com"
        )
        cls.client = cls.env["res.partner"].create(
            {
                "name": "Billed Client SA",
                "is_company": True,
                "country_id": cls.env.ref("base.fr").id,
                "siret": "55208131766522",
                "vat": "FR03552081317",
                "street": "1 rue de la Paix",
                "zip": "75002",
                "city": "Paris",
            }
        )
        cls.supplier = cls.env["res.partner"].create(
            {
                "name": "Billing Sub",
                "is_company": True,
                "esn_contractor_kind": "subcontractor",
                "country_id": cls.env.ref("base.fr").id,
            }
        )
        cls.external = cls.env["hr.employee"].create(
            {"name": "Ext Consultant", "esn_supplier_id": cls.supplier.id}
        )

    @classmethod
    def _mission(cls, employee=None, sell=600, buy=300, **values):
        if values.get("client_approval_required"):
            values.setdefault(
                "client_validator_id",
                cls.env["res.partner"]
                .create({"name": "Client Validator", "parent_id": values.get("partner_id", cls.client.id)})
                .id,
            )
        mission = cls.env["esn.mission"].create(
            {
                "partner_id": cls.client.id,
                "employee_id": (employee or cls.env["hr.employee"].create({"name": "Salaried"})).id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "sell_rate": sell,
                "buy_rate": buy,
                "client_po": "PO-77",
                **values,
            }
        )
        mission.action_activate()
        return mission

    @classmethod
    def _validated(cls, mission, days, month="2026-10"):
        cra = cls.env["esn.cra"].browse(cls.env["esn.cra"].set_days(mission.name, month, days))
        cra.action_submit()
        cra.with_user(cls.manager).action_validate()
        return cra

    def _invoice(self, cras, **dates):
        moves = self.env["account.move"].browse(cras.with_user(self.manager).action_create_invoices(**dates))
        return moves.filtered(lambda m: m.move_type == "out_invoice"), moves.filtered(
            lambda m: m.move_type == "in_invoice"
        )

    @staticmethod
    def _sign_self_billing_mandate(contractor, day, **identity):
        """The contractor's mandate to self-bill, with the identity its invoices print."""
        contractor.write(
            {
                "street": "3 rue des Lilas",
                "zip": "69003",
                "city": "Lyon",
                "country_id": contractor.env.ref("base.fr").id,
                "siret": "40483304810005",
                "vat": "FR83404833048",
                "esn_legal_form": "SARL",
                **identity,
                "esn_self_billing_mandate_date": day,
            }
        )

    def _receive_contractor_invoice(self, bill, number, day=date(2026, 10, 31), **values):
        """The contractor's own invoice entered on the prepared bill: its number, date and PDF."""
        bill.write({"ref": number, "invoice_date": day, **values})
        bill.message_post(attachments=[(f"{number}.pdf", b"%PDF-1.4 contractor's invoice")])
        return bill

    def _post(self, invoice, day=date(2026, 10, 31)):
        invoice.write({"invoice_date": day, "partner_bank_id": self.bank.id})
        invoice.action_post()
        return invoice


class InvoicingRunCase(BillingCase):
    """The month-end invoicing run's month: a client with reports ready, awaiting its approval and in
    draft; a client without SIREN."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoicer = new_test_user(
            cls.env,
            "run_invoicer",
            groups="esn_base.group_esn_manager,account.group_account_invoice",
            email="invoicer@example.com",
        )
        cls.client.email = "billing@client.example.com"
        cls.unidentified = cls.env["res.partner"].create(
            {"name": "Unidentified Client", "is_company": True, "country_id": cls.env.ref("base.fr").id}
        )
        cls.salaried = cls._validated(cls._mission(sell=600), DAYS)
        cls.external_cra = cls._validated(cls._mission(cls.external, sell=800, buy=500), DAYS)
        awaiting = cls._mission(
            cls.env["hr.employee"].create({"name": "Awaiting"}), client_approval_required=True
        )
        cls.awaiting = cls._validated(awaiting, DAYS)
        draft = cls._mission(cls.env["hr.employee"].create({"name": "Drafting"}))
        cls.draft = cls.env["esn.cra"].browse(cls.env["esn.cra"].set_days(draft.name, "2026-10", DAYS))
        cls.other = cls._validated(
            cls._mission(cls.env["hr.employee"].create({"name": "Other"}), partner_id=cls.unidentified.id),
            DAYS,
        )

    def _wizard(self, user=None, **values):
        return (
            self.env["esn.month.end.invoicing"]
            .with_user(user or self.invoicer)
            .create(
                {
                    "month": "2026-10",
                    "partner_ids": [(6, 0, (self.client | self.unidentified).ids)],
                    "invoice_date": date(2026, 10, 31),
                    **values,
                }
            )
        )

    def _moves(self):
        cras = self.salaried | self.external_cra | self.awaiting | self.draft | self.other
        return self.env["account.move"].search([("line_ids.esn_cra_id", "in", cras.ids)])
