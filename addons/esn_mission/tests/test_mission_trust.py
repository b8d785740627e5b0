from datetime import date

from freezegun import freeze_time

from odoo.exceptions import RedirectWarning
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from odoo.addons.esn_base.tests.common import EsnTestMixin


@freeze_time(date(2026, 1, 5))
@tagged("post_install", "-at_install")
class TestVigilanceCannotBeWrittenAround(EsnTestMixin, HttpCase):
    """Attack: an ESN user, or a salesman, writes a contractor's compliance state to lift the
    vigilance block on a large contract, over JSON-RPC as the web client calls."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write({"esn_compliance_enforcement": "block", "esn_compliance_threshold": 5000})
        new_test_user(cls.env, "trust_esn_user", groups="esn_base.group_esn_user")
        new_test_user(cls.env, "trust_salesman", groups="sales_team.group_sale_salesman_all_leads")
        cls.supplier = cls.env["res.partner"].create(
            {"name": "Unchecked Sub", "is_company": True, "esn_contractor_kind": "subcontractor"}
        )
        external = cls.env["hr.employee"].create(
            {"name": "Unchecked Consultant", "esn_supplier_id": cls.supplier.id}
        )
        client = cls.env["res.partner"].create({"name": "Large Contract Client", "is_company": True})
        cls.mission = cls.env["esn.mission"].create(
            {
                "partner_id": client.id,
                "employee_id": external.id,
                "date_start": date(2026, 1, 5),
                "date_end": date(2026, 12, 31),
                "sell_rate": 600,
                "buy_rate": 450,
            }
        )

    def test_compliance_state_is_refused_to_every_caller(self):
        self.assertEqual(self.supplier.esn_compliance_state, "non_compliant")
        forged = {
            "name": "Forged Sub",
            "esn_contractor_kind": "subcontractor",
            "esn_compliance_state": "compliant",
        }
        for login in ("trust_esn_user", "trust_salesman"):
            self.authenticate(login, login)
            for method, args in (
                ("write", ([self.supplier.id], {"esn_compliance_state": "compliant"})),
                ("write", ([self.supplier.id], {"esn_compliance_issue_type_ids": [(5, 0, 0)]})),
                ("create", (forged,)),
            ):
                with (
                    self.subTest(login=login, method=method),
                    self.assertRaisesRegex(JsonRpcException, "UserError"),
                ):
                    self.call_kw("res.partner", method, *args)
        self.supplier.invalidate_recordset()
        self.assertEqual(self.supplier.esn_compliance_state, "non_compliant")
        self.assertTrue(self.supplier.esn_compliance_issue_type_ids)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Forged Sub")]))
        with self.assertRaises(RedirectWarning):
            self.mission.action_activate()
        self.assertEqual(self.mission.state, "draft")
        self.assertFalse(self.mission.vigilance_check_ids)
