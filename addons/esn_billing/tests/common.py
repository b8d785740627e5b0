from datetime import date

from odoo.tests import TransactionCase, new_test_user

from odoo.addons.esn_base.tests.common import EsnTestMixin


class BillingCase(EsnTestMixin, TransactionCase):
    """Missions in a company on the French chart (20 % VAT), activity reports ready to invoice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        if company.chart_template != "fr":
            cls.env["account.chart.template"].try_loading("fr", company=company, install_demo=False)
        company.esn_compliance_enforcement = "warn"
        cls.sale_tax = company.account_sale_tax_id
        cls.purchase_tax = company.account_purchase_tax_id
        cls.product = cls.env.ref("esn_mission.product_consultant_day")
        cls.product.write(
            {"taxes_id": [(6, 0, cls.sale_tax.ids)], "supplier_taxes_id": [(6, 0, cls.purchase_tax.ids)]}
        )
        cls.manager = new_test_user(
            cls.env, "billing_manager", groups="esn_base.group_esn_manager", email="bm@example.com"
        )
        cls.client = cls.env["res.partner"].create({"name": "Billed Client SA", "is_company": True})
        cls.supplier = cls.env["res.partner"].create(
            {"name": "Billing Sub", "is_company": True, "esn_contractor_kind": "subcontractor"}
        )
        cls.external = cls.env["hr.employee"].create(
            {"name": "Ext Consultant", "esn_supplier_id": cls.supplier.id}
        )

    @classmethod
    def _mission(cls, employee=None, sell=600, buy=300, **values):
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
