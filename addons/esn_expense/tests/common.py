from datetime import date

from odoo.addons.esn_billing.tests.common import BillingCase

# enough of a PNG for the receipt check (its signature)
RECEIPT = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
DAYS = {"2026-10-05": 1, "2026-10-06": 1}


class ExpenseCase(BillingCase):
    """BillingCase's French ESN, with an expense category whose 20 % VAT is deductible and a
    consultant on a mission that rebills expenses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env.ref("hr_expense.expense_product_travel_accommodation")
        cls.category.with_company(cls.env.company).write(
            # a category sale_expense would reinvoice at cost on a sale order
            {
                "supplier_taxes_id": [(6, 0, cls.purchase_tax.ids)],
                "standard_price": 0,
                "expense_policy": "cost",
            }
        )
        cls.consultant = cls.env["hr.employee"].create(
            {"name": "Expense Consultant", "work_email": "expense.consultant@example.com"}
        )
        cls.mission = cls._mission(cls.consultant, expense_rebill=True)

    @classmethod
    def _draft(cls, mission, days=None, month="2026-10"):
        return cls.env["esn.cra"].browse(cls.env["esn.cra"].set_days(mission.name, month, days or DAYS))

    @staticmethod
    def _declare(cra, amount=120.0, day=date(2026, 10, 6), description="Train Paris-Lyon"):
        return cra.sudo()._declare_expense(
            day,
            cra.env.ref("hr_expense.expense_product_travel_accommodation"),
            amount,
            description,
            "r.png",
            RECEIPT,
        )

    def _validate(self, cra):
        cra.action_submit()
        cra.with_user(self.manager).action_validate()
