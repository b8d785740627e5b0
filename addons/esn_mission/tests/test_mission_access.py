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

    def test_esn_users_change_only_the_missions_they_manage(self):
        owner = new_test_user(self.env, "mission_owner", groups="esn_base.group_esn_user")
        self.my_mission.user_id = owner
        self.authenticate("mission_user", "mission_user")
        # reads them all, changes none of another account manager's
        [row] = self.call_kw("esn.mission", "read", [self.my_mission.id], ["name", "sell_rate"])
        self.assertEqual(row["sell_rate"], 600)
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call_kw("esn.mission", "write", [self.my_mission.id], {"client_po": "PO-FORGED"})
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call_kw("esn.mission", "action_activate", [self.my_mission.id])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call_kw("esn.mission", "create", {**self._values(), "user_id": owner.id})
        self.assertEqual((self.my_mission.client_po, self.my_mission.state), (False, "draft"))
        # their own, yes
        self.authenticate("mission_owner", "mission_owner")
        self.call_kw("esn.mission", "write", [self.my_mission.id], {"client_po": "PO-1"})
        self.call_kw("esn.mission", "action_activate", [self.my_mission.id])
        self.assertEqual((self.my_mission.client_po, self.my_mission.state), ("PO-1", "active"))

    def test_state_moves_only_through_the_actions(self):
        manager = new_test_user(self.env, "mission_state_manager", groups="esn_base.group_esn_manager")
        self.authenticate("mission_state_manager", "mission_state_manager")
        for state in ("active", "done", "cancelled"):
            with self.subTest(state=state), self.assertRaisesRegex(JsonRpcException, "UserError"):
                self.call_kw("esn.mission", "write", [self.my_mission.id], {"state": state})
        with self.assertRaisesRegex(JsonRpcException, "UserError"):
            self.call_kw("esn.mission", "create", {**self._values(), "state": "active"})
        self.assertEqual(self.my_mission.state, "draft")
        self.assertEqual(self.env["esn.mission"].search_count([("user_id", "=", manager.id)]), 0)

    def test_buy_rates_and_margins_are_for_managers(self):
        self.authenticate("mission_user", "mission_user")
        for model, field in (
            ("esn.mission", "buy_rate"),
            ("esn.mission", "current_buy_rate"),
            ("esn.mission.amendment", "buy_rate"),
            ("hr.employee", "esn_daily_cost"),
            ("res.partner", "esn_daily_rate"),
        ):
            with (
                self.subTest(field=f"{model}.{field}"),
                self.assertRaisesRegex(JsonRpcException, "AccessError"),
            ):
                self.call_kw(model, "search_read", [], [field], limit=1)
        manager = new_test_user(self.env, "mission_rate_manager", groups="esn_base.group_esn_manager")
        self.authenticate(manager.login, manager.login)
        self.assertIn("buy_rate", self.call_kw("esn.mission", "read", [self.my_mission.id], ["buy_rate"])[0])

    def _values(self):
        return {
            "partner_id": self.my_mission.partner_id.id,
            "employee_id": self.my_mission.employee_id.id,
            "date_start": "2027-01-01",
            "date_end": "2027-06-30",
            "sell_rate": 500,
        }
