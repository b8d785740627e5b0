from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from odoo.addons.esn_base.tests.common import EsnTestMixin


@tagged("post_install", "-at_install")
class TestMissionAccess(EsnTestMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other ESN"})
        client = cls.env["res.partner"].create({"name": "Access Client", "is_company": True})
        cls.portal_user = new_test_user(cls.env, "portal_consultant_a", groups="base.group_portal")
        cls.portal_other = new_test_user(cls.env, "portal_consultant_b", groups="base.group_portal")
        mine = cls.env["hr.employee"].create(
            {"name": "Consultant A", "esn_login_user_id": cls.portal_user.id}
        )
        theirs = cls.env["hr.employee"].create(
            {"name": "Consultant B", "esn_login_user_id": cls.portal_other.id}
        )
        values = {
            "partner_id": client.id,
            "date_start": date(2026, 1, 1),
            "date_end": date(2026, 6, 30),
            "sell_rate": 600,
        }
        cls.my_mission = cls.env["esn.mission"].create({**values, "employee_id": mine.id})
        cls.their_mission = cls.env["esn.mission"].create({**values, "employee_id": theirs.id})
        other_employee = cls.env["hr.employee"].create(
            {"name": "Elsewhere", "company_id": cls.other_company.id}
        )
        cls.foreign_mission = cls.env["esn.mission"].create(
            {**values, "employee_id": other_employee.id, "company_id": cls.other_company.id}
        )
        cls.esn_user = new_test_user(cls.env, "mission_user", groups="esn_base.group_esn_user")

    def test_esn_user_sees_only_their_company(self):
        Mission = self.env["esn.mission"].with_user(self.esn_user)
        found = Mission.search([])
        self.assertIn(self.my_mission, found)
        self.assertNotIn(self.foreign_mission, found)
        with self.assertRaises(AccessError):
            self.foreign_mission.with_user(self.esn_user).read(["name"])

    def test_portal_consultant_sees_own_missions_on_portal(self):
        self.authenticate("portal_consultant_a", "portal_consultant_a")
        page = self.url_open("/my/missions")
        self.assertIn(self.my_mission.name, page.text)
        self.assertNotIn(self.their_mission.name, page.text)
        self.assertIn(self.my_mission.name, self.url_open(f"/my/missions/{self.my_mission.id}").text)
        response = self.url_open(f"/my/missions/{self.their_mission.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertNotIn(self.their_mission.name, self.url_open(f"/my/missions/{self.their_mission.id}").text)

    def test_portal_consultant_sees_own_missions_over_jsonrpc(self):
        self.authenticate("portal_consultant_a", "portal_consultant_a")

        rows = self.call_kw("esn.mission", "search_read", [], fields=["name", "state", "date_start"])
        self.assertEqual([row["id"] for row in rows], [self.my_mission.id])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call_kw("esn.mission", "read", [self.their_mission.id], ["name"])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call_kw("esn.mission", "read", [self.my_mission.id], ["sell_rate"])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call_kw("esn.mission", "write", [self.my_mission.id], {"date_end": "2027-01-01"})
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call_kw("esn.mission", "action_activate", [self.my_mission.id])
        self.assertEqual(self.my_mission.state, "draft")
