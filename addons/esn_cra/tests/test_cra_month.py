import re
from datetime import date

from freezegun import freeze_time

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.esn_base.tests.common import EsnTestMixin

from .common import TODAY, CraSetupMixin


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCraMonthPortal(EsnTestMixin, CraSetupMixin, HttpCase):
    """The consultant's month across their missions: one form saves or submits them all."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_cra_world()
        cls._setup_second_mission()
        env = cls.env
        cls.november_cra = env["esn.cra"]._generate_for(cls.mission, "2026-11")
        cls.other_user = new_test_user(env, "cra_other_consultant", groups="base.group_portal")
        other_mission = env["esn.mission"].create(
            {
                "partner_id": cls.client.id,
                "employee_id": env["hr.employee"]
                .create({"name": "Other", "esn_login_user_id": cls.other_user.id})
                .id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "sell_rate": 600,
                "buy_rate": 300,
            }
        )
        other_mission.action_activate()
        cls.other_cra = env["esn.cra"]._generate_for(other_mission, "2026-10")
        cls.cras = cls.cra | cls.cra2 | cls.other_cra | cls.november_cra

    def test_fill_working_days_of_every_report_of_the_month(self):
        self.authenticate("cra_consultant", "cra_consultant")
        page = self._post("fill", {})
        self.assertIn("Working days filled", page.text)
        for cra in self.cra | self.cra2:
            self.assertEqual(
                {line.date: line.quantity for line in cra.line_ids if line.quantity},
                {day: quantity for day, quantity in cra._working_days_to_fill().items() if quantity},
            )
            self.assertTrue(cra.total_days)
        self.assertEqual(self.other_cra.total_days, 0, "only the user's own reports")

    def _month(self, month="2026-10"):
        return self.url_open(f"/my/cra/month/{month}")

    def _post(self, op, days, month="2026-10", on_call=()):
        """Post the month form, `days` {(report, 'YYYY-MM-DD') or 'raw field name': value}."""
        page = self._month(month)
        data = {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1), "op": op}
        for key, value in days.items():
            data[key if isinstance(key, str) else f"{key[0].id}:day_{key[1]}"] = value
        for cra, day in on_call:
            data[f"{cra.id}:oncall_{day}"] = "1"
        return self.url_open(f"/my/cra/month/{month}", data=data)

    def _days(self):
        return {
            (cra, line.date.isoformat()): line.quantity
            for cra in self.cras
            for line in cra.line_ids
            if line.quantity
        }

    def test_month_page_shows_every_mission_of_the_month(self):
        self.authenticate("cra_consultant", "cra_consultant")
        page = self._month()
        self.assertEqual(page.status_code, 200)
        rows = re.findall(r'class="o_esn_cra_month_row" data-cra-id="(\d+)"', page.text)
        self.assertEqual(sorted(map(int, rows)), sorted((self.cra | self.cra2).ids))
        for text in ("Client Corp", "Second Client", "/my/cra/month/2026-09", "/my/cra/month/2026-11"):
            self.assertIn(text, page.text)
        self.assertIn('title="Weekend"', page.text, "3 October 2026 is a Saturday")
        # on a phone, each mission opens its report's 7-column calendar
        phone = page.text[page.text.index("o_esn_cra_month_phone") : page.text.index("o_esn_cra_month_form")]
        for cra in self.cra | self.cra2:
            self.assertIn(f'href="/my/cra/{cra.id}"', phone)
        self.assertNotIn(f"{self.other_cra.id}:day_", page.text)
        self.assertIn('<strong class="o_esn_cra_month_total">0 d</strong>', page.text)
        self.assertEqual(self.url_open("/my/cra/month/2026-13").status_code, 404)
        # the page opens on the oldest month still to declare: October, late, then this month
        late = self.url_open("/my/cra/month")
        self.assertIn(f'data-cra-id="{self.cra.id}"', late.text, "October is still a draft")
        home = self.url_open("/my").text
        self.assertIn("Activity reports to do", home)
        self.assertIn("/my/cra/month/2026-10", home)
        self.assertNotIn("/my/cra/month/2026-11", home, "this month is not late yet")
        self.cra._set_days({"2026-10-05": 1})
        self.cra2._set_days({"2026-10-06": 1})
        (self.cra | self.cra2).action_submit()
        current = self.url_open("/my/cra/month")
        self.assertIn(f'data-cra-id="{self.november_cra.id}"', current.text, "today's month then")
        self.assertNotIn("Activity reports to do", self.url_open("/my").text)
        self.cra.with_user(self.manager).action_reject("Wrong client")
        home = self.url_open("/my").text
        self.assertIn("sent back, to correct", home)
        month = self.url_open("/my/cra/month").text
        self.assertIn(f'data-cra-id="{self.cra.id}"', month)
        self.assertIn("Wrong client", month, "the month page says why it was sent back")
        self.assertIn("/my/cra/month", self.url_open("/my/cra").text)

    def test_public_holidays_and_time_off_are_shown(self):
        self.env.company.partner_id.country_id = self.env.ref("base.fr")
        self.env["resource.calendar.leaves"]._cron_sync_public_holidays((2026,))
        leave_type = self.env["hr.leave.type"].create(
            {"name": "Paid leave", "requires_allocation": "no", "leave_validation_type": "hr"}
        )
        self.env["hr.leave"].create(
            {
                "employee_id": self.employee.id,
                "holiday_status_id": leave_type.id,
                "request_date_from": date(2026, 11, 16),
                "request_date_to": date(2026, 11, 16),
            }
        ).action_validate()
        self.authenticate("cra_consultant", "cra_consultant")
        page = self._month("2026-11").text
        self.assertRegex(page, r'data-date="2026-11-11"[^>]*title="Armistice"')
        self.assertRegex(page, r'data-date="2026-11-16"[^>]*title="Absence"')
        self.assertNotIn(f'name="{self.november_cra.id}:day_2026-11-16"', page, "no day to declare")

    def test_save_then_submit_the_month(self):
        self.authenticate("cra_consultant", "cra_consultant")
        page = self._post("save", {(self.cra, "2026-10-05"): "1", (self.cra2, "2026-10-06"): "0.5"})
        self.assertIn("o_esn_cra_success", page.text)
        self.assertEqual((self.cra.total_days, self.cra2.total_days), (1, 0.5))
        self.assertIn('<strong class="o_esn_cra_month_total">1.5 d</strong>', page.text)
        french = self.url_open("/fr/my/cra/month/2026-10").text
        self.assertIn('<strong class="o_esn_cra_month_total">1,5 j</strong>', french)
        page = self._post(
            "submit",
            {(self.cra, "2026-10-05"): "1", (self.cra2, "2026-10-06"): "0.5", (self.cra2, "2026-10-03"): "1"},
            on_call=[(self.cra2, "2026-10-03")],
        )
        self.assertIn("o_esn_cra_success", page.text)
        self.assertEqual((self.cra.state, self.cra2.state), ("submitted", "submitted"))
        self.assertEqual(self.cra2.line_ids.filtered("on_call").date, date(2026, 10, 3))
        self.assertNotIn("<select", page.text, "submitted, the month is read-only")
        self.assertEqual(self.november_cra.state, "draft", "another month is not submitted")

    def test_submit_is_all_or_nothing(self):
        self.authenticate("cra_consultant", "cra_consultant")
        # a Saturday not declared on call: the second mission is refused, so is the first
        page = self._post("submit", {(self.cra, "2026-10-05"): "1", (self.cra2, "2026-10-03"): "1"})
        self.assertIn("o_esn_cra_error", page.text)
        self.assertIn(f"{self.mission2.name}: ", page.text, "the error names the mission")
        self.assertEqual((self.cra.state, self.cra2.state), ("draft", "draft"))
        self.assertEqual(self._days(), {})
        self.assertRegex(
            page.text,
            rf'name="{self.cra.id}:day_2026-10-05"[^>]*>\s*<option value="0">–</option>\s*'
            r'<option value="0.5">½</option>\s*<option value="1" selected="True">',
            "the days typed are shown again",
        )

    def test_values_that_are_no_day_are_refused_with_a_message(self):
        self.authenticate("cra_consultant", "cra_consultant")
        for value in ("nan", "inf", "-inf", "1e400", "2", "1" * 5_000_000):
            with self.subTest(value=value[:10]):
                for op in ("save", "submit"):
                    page = self._post(op, {(self.cra, "2026-10-06"): "1", (self.cra, "2026-10-05"): value})
                    self.assertEqual(page.status_code, 200)
                    self.assertIn("o_esn_cra_error", page.text)
                    self.assertIn("0, 0.5 or 1", page.text)
                    self.assertLess(len(page.text), 1_000_000, "the value is not echoed whole")
                    self.assertEqual(self._days(), {})
                    self.assertEqual(self.cra.state, "draft")

    def test_forged_forms_write_nothing(self):
        self.cra2._set_days({"2026-10-05": 1})
        self.cra2.action_submit()
        self.authenticate("cra_consultant", "cra_consultant")
        for forged in (
            {(self.other_cra, "2026-10-06"): "1"},
            {(self.november_cra, "2026-11-02"): "1"},
            {"abc:day_2026-10-06": "1"},
            {f"{self.cra.id} OR 1=1:day_2026-10-06": "1"},
            {(self.cra2, "2026-10-06"): "1"},
        ):
            with self.subTest(forged=forged):
                for op in ("save", "submit"):
                    page = self._post(op, {(self.cra, "2026-10-07"): "1", **forged})
                    self.assertIn("o_esn_cra_error", page.text)
                    self.assertEqual(self._days(), {(self.cra2, "2026-10-05"): 1})
                    self.assertEqual(
                        (self.cra | self.other_cra | self.november_cra).mapped("state"), ["draft"] * 3
                    )
        self.assertIn("can only change after it is rejected", page.text)

    def test_others_see_nothing_of_the_consultants_month(self):
        new_test_user(self.env, "cra_esn_user", groups="esn_base.group_esn_user")
        new_test_user(
            self.env, "cra_client_validator", groups="base.group_portal", partner_id=self.client_validator.id
        )
        for login in ("cra_esn_user", "cra_client_validator", "cra_other_consultant"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                page = self._month()
                self.assertEqual(page.status_code, 200)
                for cra in self.cra | self.cra2:
                    self.assertNotIn(f'data-cra-id="{cra.id}"', page.text)
                self.assertNotIn("Second Client", page.text)


@tagged("post_install", "-at_install")
class TestPortalHome(CraSetupMixin, HttpCase):
    """The portal home shows each kind of user what is theirs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_cra_world()
        cls._setup_reports_to_approve()
        new_test_user(cls.env, "cra_customer", groups="base.group_portal")

    def _home(self, login):
        self.authenticate(login, login)
        page = self.url_open("/my")
        self.assertEqual(page.status_code, 200)
        return page.text

    def test_consultant_sees_their_reports_not_orders(self):
        home = self._home("cra_consultant")
        for url in ('href="/my/cra/month"', 'href="/my/missions"'):
            self.assertIn(url, home)
        for url in ('href="/my/orders"', 'href="/my/quotes"', 'href="/my/invoices?filterby=invoices"'):
            self.assertNotIn(url, home)

    def test_consultant_who_is_a_customer_keeps_their_orders(self):
        order = self.env["sale.order"].create({"partner_id": self.consultant_user.partner_id.id})
        order.action_confirm()
        home = self._home("cra_consultant")
        for url in ('href="/my/cra/month"', 'href="/my/orders"', 'href="/my/invoices?filterby=invoices"'):
            self.assertIn(url, home)

    def test_client_validator_and_customer_keep_their_entries(self):
        home = self._home("cra_client_validator")
        for url in ('href="/my/cra/approvals"', 'href="/my/orders"', 'href="/my/invoices?filterby=invoices"'):
            self.assertIn(url, home)
        home = self._home("cra_customer")
        for url in ('href="/my/orders"', 'href="/my/invoices?filterby=invoices"'):
            self.assertIn(url, home)
