from freezegun import freeze_time
from lxml import html

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.esn_base.tests.common import EsnTestMixin
from odoo.addons.esn_cra.tests.common import TODAY, CraSetupMixin


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestForfaitJours(EsnTestMixin, CraSetupMixin, TransactionCase):
    """The yearly count of a salaried consultant's days under a forfait jours (L3121-58 to L3121-66)
    and the workload alerts of the account manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.country_id = cls.env.ref("base.fr")
        cls._setup_cra_world()
        cls.env.company.write(
            {"esn_forfait_days": 218, "esn_forfait_policy": "warn", "esn_forfait_alert_ratio": 0.95}
        )
        cls.employee.write({"esn_forfait_jours": True, "esn_forfait_days": 218})

    def _counters(self):
        self.employee.invalidate_recordset()
        return self.employee.esn_forfait_days_worked, self.employee.esn_forfait_days_remaining

    def _activities(self, cra, xmlid):
        return cra.activity_ids.filtered(lambda activity: activity.activity_type_id == self.env.ref(xmlid))

    def _month(self, month, days):
        cra = self.env["esn.cra"]._generate_for(self.mission, month) or self.env["esn.cra"].search(
            [("mission_id", "=", self.mission.id), ("month", "=", month)]
        )
        cra._set_days(days)
        return cra

    def test_days_counted_across_missions_with_half_days(self):
        self._setup_second_mission()
        self.assertEqual(self.employee.esn_forfait_days, 218, "the company's forfait by default")
        self.cra._set_days({"2026-10-05": 1, "2026-10-06": 0.5, "2026-10-07": 1})
        self.cra2._set_days({"2026-10-06": 0.5, "2026-10-07": 1, "2026-10-08": 0.5})
        self.assertEqual(self._counters(), (0, 218), "draft reports do not count")
        self.cra.action_submit()
        self.assertEqual(self._counters(), (2.5, 215.5))
        self.cra2.action_submit()
        # the 7th declared on both missions is one day worked
        self.assertEqual(self._counters(), (3.5, 214.5))
        self.cra.with_user(self.manager).action_validate()
        self._month("2026-11", {"2026-11-02": 1})
        self.assertEqual(self._counters(), (3.5, 214.5), "validated counts, a draft still not")
        self.cra2.with_user(self.manager).action_reject("Wrong days")
        self.assertEqual(self._counters(), (2.5, 215.5), "a rejected report is back with the consultant")
        # Mon-Fri, the 2026 public holidays on weekdays off: 252 days, 25 of paid leave, 218 worked
        self.employee.resource_calendar_id = self.env["resource.calendar"].create(
            {"name": "Full time", "tz": "Europe/Paris", "company_id": self.env.company.id}
        )
        self.employee.invalidate_recordset()
        self.assertEqual((self.employee.esn_forfait_year, self.employee.esn_forfait_rest_days), (2026, 9))

    def test_warn_policy_submits_and_asks_the_account_manager(self):
        self.employee.esn_forfait_days = 3
        self.cra._set_days({"2026-10-05": 1, "2026-10-06": 1, "2026-10-07": 1, "2026-10-08": 0.5})
        self.cra.action_submit()
        self.assertEqual(self.cra.state, "submitted")
        activity = self._activities(self.cra, "esn_forfait_jours.mail_activity_forfait_exceeded")
        self.assertEqual(activity.user_id, self.cra.user_id)
        self.assertEqual(activity.summary, "Forfait jours exceeded")
        self.assertIn("Cra Consultant has worked 3.5 days in 2026", str(activity.note))
        self.assertIn("forfait jours of 3 days (0.5 over)", str(activity.note))
        self.assertFalse(self._activities(self.cra, "esn_forfait_jours.mail_activity_forfait_alert"))

    def test_block_policy_refuses_the_report(self):
        self.env.company.esn_forfait_policy = "block"
        self.employee.esn_forfait_days = 3
        self.cra._set_days({"2026-10-05": 1, "2026-10-06": 1, "2026-10-07": 1, "2026-10-08": 1})
        with self.assertRaisesRegex(
            UserError, r"Cra Consultant would work 4 days in 2026 .* forfait jours of 3 days"
        ):
            self.cra.with_user(self.consultant_user).action_submit()
        self.assertEqual(self.cra.state, "draft")
        self.assertFalse(self.cra.activity_ids)
        # in the language of whoever submits
        self.env["res.lang"]._activate_lang("fr_FR")
        with self.assertRaisesRegex(
            UserError, r"Cra Consultant travaillerait 4 jours en 2026 .* forfait jours de 3 jours"
        ):
            self.cra.with_user(self.consultant_user).with_context(lang="fr_FR").action_submit()
        # within the forfait, the block lets it through
        self.cra._set_days({"2026-10-08": 0})
        self.cra.with_user(self.consultant_user).action_submit()
        self.assertEqual(self.cra.state, "submitted")

    def test_another_consultant_learns_nothing_of_the_forfait(self):
        self.env.company.esn_forfait_policy = "block"
        self.employee.esn_forfait_days = 3
        self.cra._set_days({"2026-10-05": 1, "2026-10-06": 1, "2026-10-07": 1, "2026-10-08": 1})
        stranger = new_test_user(self.env, "forfait_stranger", groups="base.group_portal")
        with self.assertRaises(AccessError) as refused:
            self.cra.with_user(stranger).action_submit()
        self.assertNotIn("Cra Consultant", str(refused.exception))
        self.assertEqual(self.cra.state, "draft")

    def test_rest_days_given_up_in_writing_raise_that_years_ceiling(self):
        self.env.company.esn_forfait_policy = "block"
        self.employee.esn_forfait_days = 3
        self.cra._set_days({"2026-10-05": 1, "2026-10-06": 1, "2026-10-07": 1, "2026-10-08": 1})
        hr_officer = new_test_user(self.env, "fj_waiver_hr", groups="base.group_user,hr.group_hr_user")
        Waiver = self.env["esn.forfait.waiver"].with_user(hr_officer)
        values = {
            "employee_id": self.employee.id,
            "days": 1,
            "signed_on": "2026-09-30",
            "agreement": "U2lnbmVk",
            "agreement_filename": "avenant.pdf",
        }
        Waiver.create({**values, "year": 2025})
        with self.assertRaisesRegex(UserError, "forfait jours of 3 days"):
            self.cra.with_user(self.consultant_user).action_submit()
        Waiver.create({**values, "year": 2026})
        self.cra.with_user(self.consultant_user).action_submit()
        self.assertEqual(self.cra.state, "submitted")
        self.assertEqual(self._counters(), (4, 0), "the forfait and the day given up, all worked")

    def test_rest_days_given_up_are_paid_more_within_235_days_set_by_hr(self):
        values = {
            "employee_id": self.employee.id,
            "year": 2026,
            "days": 10,
            "signed_on": "2026-09-30",
            "agreement": "U2lnbmVk",
        }
        Waiver = self.env["esn.forfait.waiver"]
        for bad, message in (
            ({"rate_increase": 5}, "10% more at least"),
            ({"days": 0}, "number of rest days"),
            ({"days": 18}, "236 days in 2026: 235 at most"),
        ):
            with self.subTest(bad=bad), self.assertRaisesRegex(ValidationError, message):
                Waiver.create({**values, **bad})
        esn_user = new_test_user(self.env, "fj_waiver_user", groups="esn_base.group_esn_user")
        with self.assertRaises(AccessError):
            Waiver.with_user(esn_user).create(values)
        self.assertFalse(Waiver.search([("employee_id", "=", self.employee.id)]))
        waiver = Waiver.with_user(self.manager).create(values)
        self.assertEqual(waiver.with_user(esn_user).days, 10, "ESN users read it")
        with self.assertRaises(AccessError):
            waiver.with_user(self.manager).unlink()

    def test_alert_past_the_share_of_the_forfait(self):
        self.employee.esn_forfait_days = 10
        self.env.company.esn_forfait_alert_ratio = 0.9
        september = self._month("2026-09", {f"2026-09-{day:02d}": 1 for day in (1, 2, 3, 4, 7, 8, 9, 10)})
        september.action_submit()
        self.assertFalse(september.activity_ids.filtered(lambda activity: "Forfait" in activity.summary))
        self.cra._set_days({"2026-10-05": 1})
        self.cra.action_submit()
        activity = self._activities(self.cra, "esn_forfait_jours.mail_activity_forfait_alert")
        self.assertEqual(activity.user_id, self.cra.user_id)
        self.assertIn(
            "has worked 9 of the 10 days of their forfait jours in 2026 (90%): 1 day(s) left",
            str(activity.note),
        )
        self.assertFalse(self._activities(self.cra, "esn_forfait_jours.mail_activity_forfait_exceeded"))

    def test_six_days_in_a_week_across_missions(self):
        self._setup_second_mission()
        self.employee.esn_forfait_jours = False
        self.cra._set_days({f"2026-10-{day:02d}": 1 for day in range(5, 10)})
        self.cra.action_submit()
        self.assertFalse(self._activities(self.cra, "esn_forfait_jours.mail_activity_weekly_rest"))
        self.cra2._set_days({"2026-10-10": {"quantity": 0.5, "on_call": True}})
        self.cra2.action_submit()
        activity = self._activities(self.cra2, "esn_forfait_jours.mail_activity_weekly_rest")
        self.assertEqual(activity.user_id, self.cra2.user_id)
        self.assertIn("in the week of 10/05/2026", str(activity.note))

    def test_esn_users_read_the_forfait_hr_and_managers_set_it(self):
        esn_user = new_test_user(self.env, "fj_esn_user", groups="esn_base.group_esn_user")
        hr_officer = new_test_user(self.env, "fj_hr_officer", groups="base.group_user,hr.group_hr_user")
        self.cra._set_days({"2026-10-05": 1})
        self.cra.action_submit()
        as_user = self.employee.with_user(esn_user)
        self.assertEqual((as_user.esn_forfait_jours, as_user.esn_forfait_days_worked), (True, 1))
        self.assertFalse(as_user.esn_forfait_can_edit)
        with self.assertRaisesRegex(AccessError, "Only HR officers and ESN managers set"):
            as_user.write({"esn_forfait_days": 200})
        with self.assertRaisesRegex(AccessError, "Only HR officers and ESN managers set"):
            as_user.write({"esn_forfait_jours": False})
        with self.assertRaisesRegex(AccessError, "Only HR officers and ESN managers set"):
            self.env["hr.employee"].with_user(esn_user).create(
                {"name": "New Consultant", "esn_consultant": True, "esn_forfait_jours": True}
            )
        # the same values as before are no change
        as_user.write({"esn_forfait_days": 218, "job_title": "Architect"})
        self.employee.with_user(hr_officer).esn_forfait_days = 210
        self.employee.with_user(self.manager).esn_forfait_days = 214
        self.assertEqual(self.employee.esn_forfait_days, 214)

    def test_statement_of_the_year(self):
        self.cra._set_days({"2026-10-05": 1, "2026-10-06": 0.5, "2026-10-07": 1})
        self.cra.action_submit()
        november = self._month(
            "2026-11", {"2026-11-01": {"quantity": 1, "on_call": True}, "2026-11-02": 1, "2026-11-03": 0.5}
        )
        november.action_submit()
        self._month("2026-12", {"2026-12-01": 1})
        content = self.env["ir.actions.report"]._render_qweb_html(
            "esn_forfait_jours.report_forfait_statement", self.employee.ids, data={"year": 2026}
        )[0]
        page = html.fromstring(content)
        self.assertIn("Forfait jours statement 2026", page.text_content())
        self.assertEqual(page.xpath("string(//span[hasclass('o_esn_forfait_total')])"), "5")
        self.assertEqual(page.xpath("string(//span[hasclass('o_esn_forfait_remaining')])"), "213")
        rows = [
            [cell.text_content().strip() for cell in row.xpath("td")]
            for row in page.xpath("//table[hasclass('o_esn_forfait_months')]/tbody/tr")
        ]
        self.assertEqual(len(rows), 12)
        self.assertEqual(rows[9], ["October 2026", "2.5", "2.5", "215.5", ""])
        self.assertEqual(rows[10], ["November 2026", "2.5", "5", "213", "11/01/2026"])
        self.assertEqual(rows[11][1:3], ["0", "5"], "December's draft does not count")
        self.assertEqual(
            self.employee._esn_forfait_statement_filename(), "Forfait jours statement Cra Consultant 2026"
        )

    def test_statement_of_another_year_from_the_wizard(self):
        # with a layout chosen, Odoo prints at once instead of asking an administrator for one first
        self.env.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        wizard = (
            self.env["esn.forfait.statement.wizard"]
            .with_context(active_model="hr.employee", active_ids=self.employee.ids)
            .create({"year": 2025})
        )
        self.assertEqual(wizard.employee_ids, self.employee)
        action = wizard.action_print()
        self.assertEqual(
            (action["report_name"], action["data"]),
            ("esn_forfait_jours.report_forfait_statement", {"year": 2025}),
        )
        content = self.env["ir.actions.report"]._render_qweb_html(
            action["report_name"], self.employee.ids, data=action["data"]
        )[0]
        self.assertIn("Forfait jours statement 2025", html.fromstring(content).text_content())
