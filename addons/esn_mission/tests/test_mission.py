import ast
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import RedirectWarning, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import MissionCase


@tagged("post_install", "-at_install")
class TestMission(MissionCase):
    def test_defaults_from_consultant(self):
        internal = self._mission()
        self.assertRegex(internal.name, r"^MIS/\d{4}/\d{4,}$")
        self.assertEqual(
            (internal.kind, internal.buy_rate, internal.supplier_id),
            ("employee", 350, self.env["res.partner"]),
        )
        external = self._mission(self.external)
        self.assertEqual(
            (external.kind, external.buy_rate, external.supplier_id), ("subcontractor", 450, self.supplier)
        )

    def test_consultants_are_the_contractors_and_the_missions(self):
        Employee = self.env["hr.employee"].sudo()
        staff = Employee.create({"name": "Back-office Staff"})
        newcomer = Employee.create({"name": "Salaried Newcomer"})
        self.assertTrue(self.external.esn_consultant, "a contractor's consultant")
        self.assertFalse(newcomer.esn_consultant)
        self._mission(newcomer)
        self.assertTrue(newcomer.esn_consultant, "placed by a mission")
        action = self.env["ir.actions.act_window"]._for_xml_id("esn_contractor.action_esn_consultants")
        listed = Employee.search(ast.literal_eval(action["domain"]))
        self.assertIn(newcomer, listed)
        self.assertNotIn(staff, listed)

    def test_rate_for_a_date_with_amendment(self):
        mission = self._mission(buy_rate=400)
        self.env["esn.mission.amendment"].create(
            {
                "mission_id": mission.id,
                "date_effective": date(2026, 3, 15),
                "sell_rate": 650,
                "reason": "Avenant 1",
            }
        )
        self.assertEqual(mission._rates_on(date(2026, 3, 14)), (600, 400))
        self.assertEqual(mission._rates_on(date(2026, 3, 15)), (650, 400))
        self.assertEqual(
            mission._rate_periods(date(2026, 3, 1), date(2026, 3, 31)),
            [
                (date(2026, 3, 1), date(2026, 3, 14), 600, 400),
                (date(2026, 3, 15), date(2026, 3, 31), 650, 400),
            ],
        )
        self.assertEqual(
            mission._rate_periods(date(2026, 4, 1), date(2026, 4, 30)),
            [(date(2026, 4, 1), date(2026, 4, 30), 650, 400)],
        )
        self.assertIn("Avenant 1", mission.message_ids[0].body)

    def test_amendment_extends_end_date_and_keeps_history(self):
        mission = self._mission(end=date(2026, 6, 30))
        amendment = self.env["esn.mission.amendment"].create(
            {
                "mission_id": mission.id,
                "date_effective": date(2026, 6, 1),
                "date_end": date(2026, 9, 30),
                "reason": "Extension",
            }
        )
        self.assertEqual(mission.date_end, date(2026, 9, 30))
        self.assertEqual(amendment.previous_date_end, date(2026, 6, 30))

    def test_bad_input(self):
        with self.assertRaisesRegex(ValidationError, "cannot end .* before it starts"):
            self._mission(start=date(2026, 5, 1), end=date(2026, 4, 30))
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._mission(sell_rate=-1)
        with self.assertRaisesRegex(ValidationError, "above its sell rate .*Accept Negative Margin"):
            self._mission(buy_rate=700)
        self.assertTrue(self._mission(buy_rate=700, accept_negative_margin=True))
        with self.assertRaisesRegex(ValidationError, "at most 1"):
            self._mission(allocation=1.5)
        mission = self._mission()
        with self.assertRaisesRegex(ValidationError, "outside the mission"):
            self.env["esn.mission.amendment"].create(
                {
                    "mission_id": mission.id,
                    "date_effective": date(2027, 2, 1),
                    "sell_rate": 700,
                    "reason": "x",
                }
            )
        with self.assertRaisesRegex(ValidationError, "above its sell rate"):
            self.env["esn.mission.amendment"].create(
                {"mission_id": mission.id, "date_effective": date(2026, 2, 1), "buy_rate": 900, "reason": "x"}
            )
        mission.action_cancel()
        with self.assertRaisesRegex(ValidationError, "is closed"):
            self.env["esn.mission.amendment"].create(
                {
                    "mission_id": mission.id,
                    "date_effective": date(2026, 2, 1),
                    "sell_rate": 700,
                    "reason": "x",
                }
            )

    def test_portage_lasts_36_months_at_most(self):
        portage = (
            self.env["res.partner"].sudo().create({"name": "Portage Co", "esn_contractor_kind": "portage"})
        )
        employee = self.env["hr.employee"].create({"name": "Porté", "esn_supplier_id": portage.id})
        self.assertTrue(self._mission(employee, start=date(2026, 1, 1), end=date(2028, 12, 31)))
        with self.assertRaisesRegex(ValidationError, "36 months at most"):
            self._mission(employee, start=date(2026, 1, 1), end=date(2029, 1, 1))

    def test_no_double_booking(self):
        self._mission(end=date(2026, 6, 30)).action_activate()
        overlapping = self._mission(start=date(2026, 6, 30), end=date(2026, 8, 31))
        with self.assertRaisesRegex(ValidationError, "more than one day per day from 06/30/2026"):
            overlapping.action_activate()
        self.assertEqual(overlapping.state, "draft")
        self._mission(start=date(2026, 7, 1), end=date(2026, 8, 31)).action_activate()
        half = self._mission(start=date(2026, 9, 1), end=date(2026, 12, 31), allocation=0.5)
        other_half = self._mission(start=date(2026, 10, 1), end=date(2026, 12, 31), allocation=0.5)
        (half | other_half).action_activate()
        full_a = self._mission(start=date(2027, 1, 1), end=date(2027, 2, 28))
        full_b = self._mission(start=date(2027, 2, 1), end=date(2027, 3, 31))
        with self.assertRaisesRegex(ValidationError, "more than one day per day from 02/01/2027"):
            (full_a | full_b).action_activate()
        self.assertEqual(
            (full_a | full_b).mapped("state"), ["draft", "draft"], "activated together, checked together"
        )
        self.assertEqual(set((half | other_half).mapped("state")), {"active"})
        self.assertTrue(half.project_id.allow_timesheets)

    def test_partner_missions_button(self):
        mission = self._mission(self.external)
        self.assertEqual((self.client.esn_mission_count, self.supplier.esn_mission_count), (1, 1))
        for partner in (self.client, self.supplier):
            action = partner.action_esn_view_missions()
            self.assertEqual(self.env["esn.mission"].search(action["domain"]), mission)
        plain_clerk = new_test_user(self.env(su=True), "plain_clerk", groups="base.group_user")
        self.assertEqual(self.client.with_user(plain_clerk).esn_mission_count, 0)

    def test_mission_project_out_of_odoo_make_billable(self):
        """Odoo's sale_project offers non-billable projects with a customer to be made billable;
        a mission's project is billed from its activity reports and stays out of that list."""
        mission = self._mission()
        mission.action_activate()
        Project = self.env["project.project"].sudo()
        Task = self.env["project.task"].sudo()
        ordinary = Project.create({"name": "Internal tool", "partner_id": self.client.id})
        mission_task = Task.create(
            {"name": "Audit", "project_id": mission.project_id.id, "partner_id": self.client.id}
        )
        ordinary_task = Task.create({"name": "Spec", "project_id": ordinary.id, "partner_id": self.client.id})
        projects = Project.search(Project._get_projects_to_make_billable_domain())
        self.assertIn(ordinary, projects)
        self.assertNotIn(mission.project_id, projects)
        tasks = Task.search(Task._get_projects_to_make_billable_domain())
        self.assertIn(ordinary_task, tasks)
        self.assertNotIn(mission_task, tasks)

    def test_compliance_enforced_on_activation(self):
        self.env.company.sudo().esn_compliance_enforcement = "block"
        mission = self._mission(self.external)
        with self.assertRaises(RedirectWarning):
            mission.action_activate()
        self.assertEqual(mission.state, "draft")
        wizard = self.env["esn.compliance.override.wizard"].create(
            {
                "res_model": "esn.mission",
                "res_id": mission.id,
                "method": "action_activate",
                "reason": "Kbis on its way",
            }
        )
        wizard.action_confirm()
        self.assertEqual(mission.state, "active")
        self.assertTrue(any("Kbis on its way" in body for body in mission.message_ids.mapped("body")))
        self.env.company.sudo().esn_compliance_enforcement = "warn"
        other = self._mission(self.external, start=date(2027, 1, 1), end=date(2027, 3, 31))
        other.action_activate()
        self.assertEqual(other.state, "active")

    def test_small_contract_below_vigilance_threshold(self):
        self.env.company.sudo().esn_compliance_enforcement = "block"
        mission = self._mission(self.external, end=date(2026, 1, 5), ordered_days=2)  # 2 x 450 < 5,000
        mission.action_activate()
        self.assertEqual(mission.state, "active")

    def test_workflow_errors(self):
        mission = self._mission()
        with self.assertRaisesRegex(UserError, "Only active missions"):
            mission.action_done()
        mission.action_activate()
        with self.assertRaisesRegex(UserError, "Only draft missions"):
            mission.action_activate()
        mission.action_done()
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            mission.action_cancel()

    @freeze_time(date(2026, 12, 10))
    def test_daily_job(self):
        ended = self._mission(start=date(2026, 1, 1), end=date(2026, 12, 9))
        ending = self._mission(self.external, start=date(2026, 1, 1), end=date(2026, 12, 31), ordered_days=1)
        (ended | ending).action_activate()
        Mission = self.env["esn.mission"]
        Mission._cron_daily()
        Mission._cron_daily()
        self.assertEqual(ended.state, "done")
        self.assertEqual(ending.state, "active")
        self.assertIn(ending, Mission.search([("ends_soon", "=", True)]))
        renewal = ending.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("esn_mission.mail_activity_mission_renewal")
        )
        self.assertEqual(len(renewal), 1)
        self.assertEqual(renewal.user_id, self.manager)
