from datetime import date

from odoo.tests import TransactionCase, new_test_user

from odoo.addons.esn_base.tests.common import EsnTestMixin


class MissionCase(EsnTestMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, "mission_manager", groups="esn_base.group_esn_manager", email="manager@example.com"
        )
        cls.env = cls.env(user=cls.manager)
        Partner = cls.env["res.partner"].sudo()
        cls.client = Partner.create({"name": "Client SA", "is_company": True})
        cls.supplier = Partner.create(
            {
                "name": "Sub Co",
                "is_company": True,
                "esn_contractor_kind": "subcontractor",
                "esn_daily_rate": 450,
            }
        )
        cls.consultant = cls.env["hr.employee"].create(
            {"name": "Internal Consultant", "esn_consultant": True, "esn_daily_cost": 350}
        )
        cls.external = cls.env["hr.employee"].create(
            {"name": "External Consultant", "esn_supplier_id": cls.supplier.id, "employee_type": "contractor"}
        )

    @classmethod
    def _mission(cls, employee=None, start=date(2026, 1, 1), end=date(2026, 12, 31), **values):
        return cls.env["esn.mission"].create(
            {
                "partner_id": cls.client.id,
                "employee_id": (employee or cls.consultant).id,
                "date_start": start,
                "date_end": end,
                "sell_rate": 600,
                **values,
            }
        )
