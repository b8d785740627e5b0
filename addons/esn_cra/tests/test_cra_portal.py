import re
from datetime import date

from freezegun import freeze_time

from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from odoo.addons.esn_base.tests.common import EsnTestMixin

from .common import SIGNATURE, TODAY, CraSetupMixin


@tagged("post_install", "-at_install")
class TestCraPortal(EsnTestMixin, CraSetupMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_cra_world()
        cls.other_user = new_test_user(cls.env, "cra_other_consultant", groups="base.group_portal")
        other_employee = cls.env["hr.employee"].create(
            {"name": "Other", "esn_login_user_id": cls.other_user.id}
        )
        cls.other_mission = cls.env["esn.mission"].create(
            {
                "partner_id": cls.client.id,
                "employee_id": other_employee.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "sell_rate": 600,
                "buy_rate": 300,
            }
        )
        cls.other_mission.action_activate()
        cls.other_cra = cls.env["esn.cra"]._generate_for(cls.other_mission, "2026-10")

    def _csrf(self, page):
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _post_grid(self, cra, op, days=None):
        page = self.url_open(f"/my/cra/{cra.id}")
        data = {"csrf_token": self._csrf(page), "op": op}
        data.update({f"day_{day}": quantity for day, quantity in (days or {}).items()})
        return self.url_open(f"/my/cra/{cra.id}", data=data)

    @freeze_time(TODAY)
    def test_consultant_fills_and_submits_on_the_portal(self):
        self.authenticate("cra_consultant", "cra_consultant")
        listing = self.url_open("/my/cra")
        self.assertIn(f"/my/cra/{self.cra.id}", listing.text)
        self.assertNotIn(f"/my/cra/{self.other_cra.id}", listing.text)
        page = self._post_grid(self.cra, "fill")
        self.assertIn("Saved", page.text)
        self.assertEqual(self.cra.total_days, 22)
        response = self._post_grid(self.cra, "submit", {"2026-10-05": "0.5"})
        self.assertIn("Submitted for validation", response.text)
        self.assertEqual((self.cra.state, self.cra.total_days), ("submitted", 21.5))

    @freeze_time(TODAY)
    def test_the_list_filters_sorts_and_pages_the_consultants_own_reports(self):
        november = self.env["esn.cra"]._generate_for(self.mission, "2026-11")
        self.cra._set_days({"2026-10-05": 1})
        self.cra.action_submit()
        self.authenticate("cra_consultant", "cra_consultant")

        def listed(url):
            page = self.url_open(url)
            self.assertEqual(page.status_code, 200)
            return [int(cra_id) for cra_id in re.findall(r'href="/my/cra/(\d+)[?"]', page.text)]

        self.assertEqual(listed("/my/cra"), [november.id, self.cra.id], "newest first")
        self.assertEqual(listed("/my/cra?sortby=oldest"), [self.cra.id, november.id])
        self.assertEqual(listed("/my/cra?filterby=submitted"), [self.cra.id])
        self.assertEqual(listed("/my/cra?filterby=to_declare"), [november.id])
        self.assertEqual(listed("/my/cra?filterby=validated"), [])
        self.assertIn(
            "No activity report matches this filter", self.url_open("/my/cra?filterby=validated").text
        )
        # unknown values fall back to the defaults; another consultant's report is never listed
        self.assertEqual(listed("/my/cra?sortby=employee_id&filterby=id"), [november.id, self.cra.id])
        self.assertNotIn("pagination", self.url_open("/my/cra").text, "one page holds them")
        self.assertNotIn(self.other_cra.id, listed("/my/cra?filterby=all&sortby=state"))

    def test_bad_grid_input_writes_nothing(self):
        self.authenticate("cra_consultant", "cra_consultant")
        for days, message in (({"2026-10-05": "0.3"}, "0, 0.5 or 1"), ({"2026-11-05": "1"}, "not days of")):
            with self.subTest(days=days):
                response = self._post_grid(self.cra, "save", {"2026-10-06": "1", **days})
                self.assertIn(message, response.text)
        self.assertEqual(self.cra.total_days, 0)

    def test_cannot_reach_another_consultants_report(self):
        self.authenticate("cra_consultant", "cra_consultant")
        response = self.url_open(f"/my/cra/{self.other_cra.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        page = self.url_open(f"/my/cra/{self.cra.id}")
        response = self.url_open(
            f"/my/cra/{self.other_cra.id}",
            data={"csrf_token": self._csrf(page), "op": "save", "day_2026-10-05": "1"},
        )
        self.assertEqual(self.other_cra.total_days, 0)
        self.assertEqual(
            self.url_open(f"/my/cra/{self.other_cra.id}/pdf", allow_redirects=False).status_code, 303
        )

        self.assertEqual(
            [row["id"] for row in self.call_kw("esn.cra", "search_read", [], fields=["month"])], [self.cra.id]
        )
        for method, args in (
            ("read", ([self.other_cra.id], ["month"])),
            ("action_submit", ([self.other_cra.id],)),
            ("write", ([self.cra.id], {"state": "validated"})),
        ):
            with self.subTest(method=method), self.assertRaisesRegex(JsonRpcException, "AccessError"):
                self.call_kw("esn.cra", method, *args)
        with self.assertRaisesRegex(JsonRpcException, "ValidationError"):
            self.call_kw("esn.cra", "set_days", self.other_mission.name, "2026-10", {"2026-10-05": 1})
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call_kw("esn.cra.line", "write", self.other_cra.line_ids[:1].ids, {"quantity": 1})
        self.assertEqual(self.other_cra.total_days, 0)
        self.assertEqual(self.cra.state, "draft")

    def test_internal_consultant_without_esn_role_declares_own_days_only(self):
        """A consultant with an internal login (an employee of the ESN with no ESN role) declares
        over RPC like a portal one: their own mission's days, no one else's."""
        self.employee.esn_login_user_id = new_test_user(
            self.env, "cra_internal_consultant", groups="base.group_user"
        )
        self.authenticate("cra_internal_consultant", "cra_internal_consultant")
        cra_id = self.call_kw("esn.cra", "set_days", self.mission.name, "2026-10", {"2026-10-05": 1})
        self.assertEqual(cra_id, self.cra.id)
        self.assertEqual(self.cra.total_days, 1)
        # unknown to them, as to a portal consultant (the log says "Unknown mission reference")
        with self.assertRaisesRegex(JsonRpcException, "ValidationError"):
            self.call_kw("esn.cra", "set_days", self.other_mission.name, "2026-10", {"2026-10-05": 1})
        self.assertEqual(self.other_cra.total_days, 0)

    @freeze_time(TODAY)
    def test_client_token_wrong_or_reused_is_refused(self):
        self.mission.write(
            {"client_approval_required": True, "client_validator_id": self.client_validator.id}
        )
        self.cra._set_days({"2026-10-05": 1})
        self.cra.action_submit()
        self.cra.with_user(self.manager).action_validate()
        token = self.cra.sudo().client_token
        self.assertEqual(self.url_open(f"/my/cra/{self.cra.id}/review?token=wrong").status_code, 404)
        self.assertEqual(self.url_open(f"/my/cra/{self.other_cra.id}/review?token={token}").status_code, 404)
        page = self.url_open(f"/my/cra/{self.cra.id}/review?token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Cra Consultant", page.text)
        self.assertIn("o_esn_cra_answer", page.text)
        answer = self.make_jsonrpc_request(
            f"/my/cra/{self.cra.id}/approve?token={token}", {"name": "Paul Client", "signature": SIGNATURE}
        )
        self.assertEqual(answer["redirect_url"], f"/my/cra/{self.cra.id}/review?token={token}")
        self.assertEqual((self.cra.client_state, self.cra.client_signatory), ("approved", "Paul Client"))
        self.assertEqual(self.cra.client_ip, "127.0.0.1")
        self.assertTrue(self.cra.client_signature)
        csrf = self._csrf(page)
        reused = self.url_open(
            f"/my/cra/{self.cra.id}/refuse",
            data={"csrf_token": csrf, "token": token, "name": "Mallory", "reason": "x"},
        )
        self.assertEqual(reused.status_code, 404)
        self.assertEqual(self.cra.client_state, "approved")
        shown = self.url_open(f"/my/cra/{self.cra.id}/review?token={token}")
        self.assertEqual(shown.status_code, 200, "the used link shows the answer")
        self.assertIn("Paul Client", shown.text)
        self.assertNotIn("o_esn_cra_answer", shown.text)
