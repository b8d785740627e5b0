from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.esn_base.tests.common import EsnTestMixin


@freeze_time(date(2026, 11, 22))
@tagged("post_install", "-at_install")
class TestDashboard(EsnTestMixin, TransactionCase):
    """Last month of two account managers: reports per state, days, TACE with a day of time off,
    intercontract next month; the dashboard's months end with today's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.this_month = fields.Date.context_today(env["esn.cra"]).replace(day=1)
        cls.last_month = cls.this_month - relativedelta(months=1)
        cls.month = cls.last_month.strftime("%Y-%m")
        cls.manager = new_test_user(env, "dash_manager", groups="esn_base.group_esn_manager")
        cls.alice = new_test_user(env, "dash_alice", groups="esn_base.group_esn_user")
        cls.bob = new_test_user(env, "dash_bob", groups="esn_base.group_esn_user")
        cls.client = env["res.partner"].create({"name": "Dashboard Client", "is_company": True})
        cls.department = env["hr.department"].create({"name": "Dashboard Team"})
        cls.leave_type = env["hr.leave.type"].create(
            {"name": "Dashboard leave", "requires_allocation": "no", "leave_validation_type": "hr"}
        )

        def mission(name, user, date_end):
            employee = env["hr.employee"].create({"name": name, "department_id": cls.department.id})
            record = env["esn.mission"].create(
                {
                    "partner_id": cls.client.id,
                    "employee_id": employee.id,
                    "user_id": user.id,
                    "team_id": False,
                    "date_start": cls.last_month - relativedelta(months=2),
                    "date_end": date_end,
                    "sell_rate": 500,
                    "buy_rate": 300,
                    "client_approval_required": False,
                }
            )
            record.action_activate()
            return record

        end_of_month = cls.this_month + relativedelta(months=1, days=-1)
        cls.m_validated = mission("Dash Validated", cls.alice, end_of_month)
        cls.m_draft = mission("Dash Draft", cls.alice, cls.this_month + relativedelta(months=6))
        cls.m_missing = mission("Dash Missing", cls.bob, cls.this_month + relativedelta(months=6))

        # a working day of last month off for the first consultant
        cls.cra_validated, cls.cra_draft = env["esn.cra"].create(
            [
                {"mission_id": cls.m_validated.id, "month": cls.month},
                {"mission_id": cls.m_draft.id, "month": cls.month},
            ]
        )
        cls.day_off = cls.cra_validated.line_ids.filtered(lambda line: line.available == 1)[3].date
        leave = env["hr.leave"].create(
            {
                "employee_id": cls.m_validated.employee_id.id,
                "holiday_status_id": cls.leave_type.id,
                "request_date_from": cls.day_off,
                "request_date_to": cls.day_off,
            }
        )
        leave.action_validate()
        cls.cra_validated._set_days(cls.cra_validated._working_days_to_fill())
        cls.cra_validated.action_submit()
        cls.cra_validated.with_user(cls.manager).action_validate()
        env["esn.dashboard.consultant"]._refresh(
            [cls.last_month, cls.this_month, cls.this_month + relativedelta(months=1)]
        )
        env.flush_all()

    def _tile(self, user, month=None, as_user=None):
        Month = self.env["esn.dashboard.month"].with_user(as_user or self.manager)
        return Month.search([("user_id", "=", user.id), ("date", "=", month or self.last_month)])

    def test_counts_per_state_days_and_amounts(self):
        alice, bob = self._tile(self.alice), self._tile(self.bob)
        self.assertEqual(
            (
                alice.mission_count,
                alice.missing_count,
                alice.draft_count,
                alice.validated_count,
                alice.invoiced_count,
            ),
            (2, 0, 1, 1, 0),
        )
        self.assertEqual((bob.mission_count, bob.missing_count, bob.draft_count), (1, 1, 0))
        declared = self.cra_validated.total_days
        self.assertTrue(declared)
        self.assertEqual(alice.declared_days, declared)
        expected = sum(self.cra_validated.line_ids.mapped("available")) + sum(
            self.cra_draft.line_ids.mapped("available")
        )
        self.assertEqual(alice.expected_days, expected)
        self.assertAlmostEqual(alice.amount_to_invoice, declared * 500)
        self.assertAlmostEqual(alice.margin, declared * 200)

        # each count opens the reports behind it
        action = alice.with_context(dashboard_state="validated").action_open_reports()
        self.assertEqual(self.env["esn.cra"].search(action["domain"]), self.cra_validated)
        action = bob.with_context(dashboard_state="missing").action_open_reports()
        rows = self.env["esn.dashboard.report"].search(action["domain"])
        self.assertEqual((rows.mission_id, rows.state), (self.m_missing, "missing"))

    def test_a_tile_list_is_its_server_action_run_again_on_the_tile(self):
        """What a reloaded page (F5) does: the server action of the URL's path, run with the tile as
        active id and no model, opens the same list; a tile gone is said so."""
        alice = self._tile(self.alice)
        action = (
            self.env.ref("esn_dashboard.action_tile_validated")
            .with_user(self.manager)
            .with_context(active_id=alice.id)
            .run()
        )
        self.assertEqual(self.env["esn.cra"].search(action["domain"]), self.cra_validated)
        self.assertEqual(action["context"]["active_id"], alice.id, "kept in the URL")
        with self.assertRaisesRegex(UserError, "no longer exists"):
            self.env.ref("esn_dashboard.action_tile_validated").with_context(active_id=1).run()

    def test_tace_excludes_time_off_and_groups_by_ratio(self):
        Occupation = self.env["esn.dashboard.consultant"]
        validated = Occupation.search(
            [("employee_id", "=", self.m_validated.employee_id.id), ("date", "=", self.last_month)]
        )
        draft = Occupation.search(
            [("employee_id", "=", self.m_draft.employee_id.id), ("date", "=", self.last_month)]
        )
        # same schedule, one day of time off
        self.assertEqual(validated.available_days, draft.available_days - 1)
        self.assertEqual(validated.available_days, sum(self.cra_validated.line_ids.mapped("available")))
        self.assertEqual(validated.billed_days, self.cra_validated.total_days)
        self.assertAlmostEqual(validated.tace, 100.0)
        self.assertEqual((draft.billed_days, draft.tace), (0.0, 0.0))

        # the team's TACE is its billed days over its available days, not an average of rates
        [group] = Occupation.read_group(
            [("department_id", "=", self.department.id), ("date", "=", self.last_month)],
            ["tace:avg"],
            ["department_id"],
        )
        available = validated.available_days + 2 * draft.available_days
        self.assertAlmostEqual(group["tace"], 100 * validated.billed_days / available)

    def test_the_tace_is_the_salaried_consultants_and_all_is_apart(self):
        """Syntec practice: the TACE counts the salaried consultants; the rate over every consultant,
        contractors' included, is shown apart, labelled."""
        company = self.env["res.company"].create({"name": "TACE ESN"})
        month = {
            "company_id": company.id,
            "date": self.last_month,
            "month": self.last_month.strftime("%Y-%m"),
        }
        Occupation = self.env["esn.dashboard.consultant"]
        for external, billed in ((False, 10), (True, 20)):
            employee = self.env["hr.employee"].create({"name": f"TACE {external}", "company_id": company.id})
            Occupation.create(
                {
                    **month,
                    "employee_id": employee.id,
                    "external": external,
                    "billed_days": billed,
                    "available_days": 20,
                }
            )
        domain = [("company_id", "=", company.id), ("date", "=", self.last_month)]
        self.assertAlmostEqual(Occupation._tace(domain), 50.0)
        self.assertAlmostEqual(Occupation._tace(domain, salaried=False), 75.0)
        tile = self._tile(self.alice, self.last_month)
        tile_month = [("company_id", "=", tile.company_id.id), ("date", "=", tile.date)]
        self.assertAlmostEqual(tile.tace, Occupation._tace(tile_month))
        self.assertAlmostEqual(tile.tace_all, Occupation._tace(tile_month, salaried=False))
        self.assertEqual(tile.display_name, f"{self.alice.name}, {tile.month_label}", "the lists' breadcrumb")
        drill_down = tile.action_open_tace()
        self.assertIn("search_default_salaried", str(drill_down["context"]), "the drill-down counts the same")

    def test_intercontract_next_month(self):
        next_month = self.this_month + relativedelta(months=1)
        benched = self.env["esn.dashboard.consultant"].search(
            [
                ("date", "=", next_month),
                ("intercontract", "=", True),
                ("department_id", "=", self.department.id),
            ]
        )
        # the first mission ends this month
        self.assertEqual(benched.employee_id, self.m_validated.employee_id)
        tile = self._tile(self.alice, self.this_month)
        self.assertGreaterEqual(tile.intercontract_count, 1)
        action = tile.action_open_intercontract()
        self.assertIn(
            self.m_validated.employee_id,
            self.env["esn.dashboard.consultant"].search(action["domain"]).employee_id,
        )

    def test_missions_ending_and_documents_expiring(self):
        tile = self._tile(self.alice, self.this_month)
        self.assertTrue(tile.is_current)
        ending = self.env["esn.mission"].search(tile.action_open_ending_missions()["domain"])
        self.assertEqual(ending & (self.m_validated | self.m_draft), self.m_validated)
        self.assertEqual(tile.ending_30_count, 1, "the first mission ends on 30 November")
        self.assertEqual(
            self._tile(self.alice).ending_60_count, 0, "only the current month's tile looks ahead"
        )

    def test_users_see_their_missions_only(self):
        Report = self.env["esn.dashboard.report"]
        alice_rows = Report.with_user(self.alice).search([("date", "=", self.last_month)])
        self.assertEqual(alice_rows.mission_id, self.m_validated | self.m_draft)
        self.assertEqual(self._tile(self.bob, as_user=self.alice), self.env["esn.dashboard.month"])
        self.assertEqual(len(self._tile(self.alice, as_user=self.alice)), 1)
        self.assertEqual(len(self._tile(self.bob, as_user=self.manager)), 1)
        # a manager reads every row
        rows = Report.with_user(self.manager).search(
            [("date", "=", self.last_month), ("partner_id", "=", self.client.id)]
        )
        self.assertEqual(rows.mission_id, self.m_validated | self.m_draft | self.m_missing)

    def test_esn_app_opens_on_the_dashboard(self):
        root = self.env.ref("esn_base.menu_esn_root")
        self.assertEqual(root.action, self.env.ref("esn_dashboard.action_esn_dashboard"))
        action = self.env["esn.dashboard.month"].with_user(self.alice).action_open_dashboard()
        self.assertEqual(action["res_model"], "esn.dashboard.month")

    def test_opening_the_dashboard_refreshes_the_occupation_in_the_background(self):
        """A manager's opening queues the recent months' refresh instead of making them wait for it;
        a user's queues nothing; the refresh itself skips a second run within minutes."""
        cron = self.env.ref("esn_dashboard.ir_cron_refresh_recent_occupation")
        Trigger = self.env["ir.cron.trigger"]
        Occupation = self.env["esn.dashboard.consultant"]
        Occupation.search([]).unlink()
        self.env["ir.config_parameter"].set_param("esn_dashboard.occupation_refreshed_on", False)

        self.env["esn.dashboard.month"].with_user(self.alice).action_open_dashboard()
        self.assertFalse(Trigger.search([("cron_id", "=", cron.id)]))
        self.env["esn.dashboard.month"].with_user(self.manager).action_open_dashboard()
        self.assertEqual(len(Trigger.search([("cron_id", "=", cron.id)])), 1)
        self.assertFalse(Occupation.search([]), "the opening itself computes nothing")

        cron.method_direct_trigger()
        rows = Occupation.search([("employee_id", "=", self.m_validated.employee_id.id)])
        self.assertEqual(
            sorted(rows.mapped("date")),
            [self.last_month, self.this_month, self.this_month + relativedelta(months=1)],
        )
        Trigger.search([("cron_id", "=", cron.id)]).unlink()
        self.env["esn.dashboard.month"].with_user(self.manager).action_open_dashboard()
        self.assertFalse(Trigger.search([("cron_id", "=", cron.id)]), "refreshed minutes ago: nothing queued")
        Occupation.search([]).unlink()
        cron.method_direct_trigger()
        self.assertFalse(Occupation.search([]), "refreshed minutes ago: not again")
