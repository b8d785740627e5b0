from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import TODAY, CraCase


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCraRules(CraCase):
    def test_generation_is_idempotent_and_covers_the_month(self):
        self.assertEqual(len(self.cra), 1)
        self.assertEqual((self.cra.month, self.cra.state, len(self.cra.line_ids)), ("2026-10", "draft", 31))
        generated = self.env["esn.cra"]._cron_generate("2026-10")
        self.assertNotIn(self.mission, generated.mission_id, "the mission has its report already")
        self.assertFalse(self.env["esn.cra"]._cron_generate("2026-10"), "running it again creates nothing")
        self.assertEqual(self.env["esn.cra"].search_count([("mission_id", "=", self.mission.id)]), 1)

    def test_generated_reports_log_their_creation_in_the_company_language(self):
        """A scheduled action runs without a language: the reports it makes say they were created
        in the company's, not in English."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env.company.partner_id.lang = "fr_FR"
        cra = self.env["esn.cra"].with_context(lang=None)._cron_generate("2026-11")
        self.assertEqual(cra.message_ids[-1].body, "<p>Compte rendu d'activité (CRA) créé</p>")

    def test_generation_stops_at_the_mission_bounds(self):
        self.mission.date_start = date(2026, 1, 1)
        late = self.env["esn.mission"].create(
            {
                "partner_id": self.client.id,
                "employee_id": self.env["hr.employee"].create({"name": "Late"}).id,
                "date_start": date(2026, 10, 20),
                "date_end": date(2026, 12, 31),
                "sell_rate": 500,
                "buy_rate": 1,
            }
        )
        late.action_activate()
        cra = self.env["esn.cra"]._cron_generate("2026-10").filtered(lambda c: c.mission_id == late)
        self.assertEqual(cra.line_ids[0].date, date(2026, 10, 20))
        self.assertEqual(len(cra.line_ids), 12)

    def test_approved_time_off_prefills_absence(self):
        leave_type = self.env["hr.leave.type"].create(
            {"name": "Paid leave", "requires_allocation": "no", "leave_validation_type": "no_validation"}
        )
        self.env["hr.leave"].create(
            {
                "employee_id": self.employee.id,
                "holiday_status_id": leave_type.id,
                "request_date_from": date(2026, 11, 9),
                "request_date_to": date(2026, 11, 10),
            }
        )
        cra = self.env["esn.cra"]._generate_for(self.mission, "2026-11")
        absent = cra.line_ids.filtered("absence").mapped("date")
        self.assertEqual(absent, [date(2026, 11, 9), date(2026, 11, 10)])
        with self.assertRaisesRegex(ValidationError, "approved time off"):
            cra._set_days({"2026-11-09": 1})
        filled = cra._working_days_to_fill()
        self.assertEqual(filled[date(2026, 11, 9)], 0.0)
        self.assertEqual(filled[date(2026, 11, 11)], 0.0, "Armistice Day is a public holiday")
        self.assertEqual(sum(filled.values()), 18, "21 weekdays, Armistice Day and 2 days off")

    def test_set_days_rules(self):
        Cra = self.env["esn.cra"]
        ref = self.mission.name
        before = self._lines()
        cases = [
            ({"2026-10-05": 0.7}, "0, 0.5 or 1"),
            ({"2026-10-05": "1"}, "0, 0.5 or 1"),
            ({"2026-10-05": True}, "0, 0.5 or 1"),
            ({"2026-11-02": 1}, "not days of"),
            ({"2026-10-32": 1}, "is not a date"),
            ({"05/10/2026": 1}, "is not a date"),
            ({"2026-10-05 garbage": 1}, "is not a date"),
            ({"2026-10-05T00:00:00": 1}, "is not a date"),
            ({" 2026-10-05": 1}, "is not a date"),
        ]
        for days, message in cases:
            with self.subTest(days=days), self.assertRaisesRegex(ValidationError, message):
                Cra.set_days(ref, "2026-10", days)
        with self.assertRaisesRegex(ValidationError, "YYYY-MM"):
            Cra.set_days(ref, "2026-13", {})
        with self.assertRaisesRegex(ValidationError, "YYYY-MM"):
            Cra.set_days(ref, "10/2026", {})
        with self.assertRaisesRegex(ValidationError, "Unknown mission reference 'MIS/1999/9999'"):
            Cra.set_days("MIS/1999/9999", "2026-10", {})
        with self.assertRaisesRegex(ValidationError, "mapping"):
            Cra.set_days(ref, "2026-10", [["2026-10-05", 1]])
        with self.assertRaisesRegex(ValidationError, "does not run in 2027-02"):
            Cra.set_days(ref, "2027-02", {})
        self.assertEqual(self._lines(), before, "nothing written")
        cra_id = Cra.set_days(ref, "2026-10", {"2026-10-05": 1, "2026-10-06": 0.5})
        self.assertEqual(cra_id, self.cra.id)
        self.assertEqual(self.cra.total_days, 1.5)

    def test_day_outside_the_mission(self):
        self.mission.write({"date_end": date(2026, 10, 15)})
        with self.assertRaisesRegex(ValidationError, "outside mission"):
            self.cra.line_ids.filtered(lambda line: line.date == date(2026, 10, 20)).quantity = 1

    def test_no_edit_after_submission(self):
        self.cra._set_days({"2026-10-05": 1})
        self.cra.action_submit()
        with self.assertRaisesRegex(UserError, "only change after it is rejected"):
            self.env["esn.cra"].set_days(self.mission.name, "2026-10", {"2026-10-06": 1})
        with self.assertRaisesRegex(UserError, "only change after it is rejected"):
            self.cra.line_ids[0].quantity = 1
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.cra.line_ids[0].unlink()
        self.assertEqual(self.cra.total_days, 1)

    def test_no_future_days_at_submission(self):
        cra = self.env["esn.cra"]._generate_for(self.mission, "2026-11")
        cra._set_days({"2026-11-20": 1, "2026-11-23": 1})
        with self.assertRaisesRegex(ValidationError, "future cannot be submitted: 11/23/2026"):
            cra.action_submit()
        self.assertEqual(cra.state, "draft")
        cra._set_days({"2026-11-23": 0})
        cra.action_submit()
        self.assertEqual(cra.state, "submitted")

    def test_one_report_per_mission_and_month(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["esn.cra"].create({"mission_id": self.mission.id, "month": "2026-10"})

    def test_only_the_consultant_or_staff_declares(self):
        other_portal = new_test_user(self.env, "cra_other_portal", groups="base.group_portal")
        Cra = self.env["esn.cra"].with_user(other_portal)
        with self.assertRaisesRegex(ValidationError, "Unknown mission reference"):
            Cra.set_days(self.mission.name, "2026-10", {"2026-10-05": 1})
        with self.assertRaises(AccessError):
            self.cra.with_user(other_portal).action_submit()
        own = self.env["esn.cra"].with_user(self.consultant_user)
        self.assertEqual(own.set_days(self.mission.name, "2026-10", {"2026-10-05": 1}), self.cra.id)
        with self.assertRaises(AccessError):
            self.cra.with_user(self.consultant_user).action_validate()

    def test_esn_users_change_the_reports_of_the_missions_they_manage(self):
        stranger = new_test_user(self.env, "cra_stranger", groups="esn_base.group_esn_user")
        owner = new_test_user(self.env, "cra_owner", groups="esn_base.group_esn_user")
        self.mission.user_id = owner
        with self.assertRaises(AccessError):
            self.env["esn.cra"].with_user(stranger).set_days(self.mission.name, "2026-10", {"2026-10-05": 1})
        with self.assertRaises(AccessError):
            self.cra.with_user(stranger).line_ids[:5].write({"quantity": 1})
        self.assertEqual(self.cra.total_days, 0)
        self.assertEqual(self.cra.with_user(stranger).total_days, 0, "but reads it")
        self.env["esn.cra"].with_user(owner).set_days(self.mission.name, "2026-10", {"2026-10-05": 1})
        self.assertEqual(self.cra.total_days, 1)
        # a sales team shares its missions
        team = self.env["crm.team"].create({"name": "Staffing Lyon", "member_ids": [(6, 0, stranger.ids)]})
        self.mission.team_id = team
        self.env["esn.cra"].with_user(stranger).set_days(self.mission.name, "2026-10", {"2026-10-06": 1})
        self.assertEqual(self.cra.total_days, 2)

    def test_days_are_never_added_or_deleted_by_hand(self):
        owner = new_test_user(self.env, "cra_days_owner", groups="esn_base.group_esn_user")
        self.mission.user_id = owner
        line = self.cra.line_ids[0]
        with self.assertRaises(AccessError):
            line.with_user(owner).unlink()
        with self.assertRaises(AccessError):
            self.env["esn.cra.line"].with_user(owner).create(
                {"cra_id": self.cra.id, "date": date(2026, 10, 1)}
            )
        with self.assertRaises(AccessError):
            self.cra.with_user(owner).write({"line_ids": [(2, line.id)]})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            line.unlink()
        for forged in ({"absence": True}, {"date": date(2026, 10, 2)}, {"cra_id": self.cra.id}):
            with self.subTest(forged=forged), self.assertRaises(UserError):
                line.with_user(owner).write(forged)
        self.assertEqual(len(self.cra.line_ids), 31)
        self.assertTrue(line.exists())
        self.assertFalse(line.absence)

    def test_no_report_on_a_draft_or_cancelled_mission(self):
        self.cra._set_days({"2026-10-05": 1})
        self.mission.action_cancel()
        with self.assertRaisesRegex(UserError, "cannot change"):
            self.env["esn.cra"].set_days(self.mission.name, "2026-10", {"2026-10-06": 1})
        with self.assertRaisesRegex(UserError, "cannot change"):
            self.env["esn.cra"].set_days(self.mission.name, "2026-09", {"2026-09-01": 1})
        with self.assertRaisesRegex(UserError, "cannot change"):
            self.cra.action_submit()
        self.assertFalse(
            self.env["esn.cra"].search([("mission_id", "=", self.mission.id), ("month", "=", "2026-09")])
        )
        self.assertEqual((self.cra.state, self.cra.total_days), ("draft", 1))

    def test_a_finished_mission_keeps_its_last_report(self):
        self.cra._set_days({"2026-10-05": 1})
        self.mission.action_done()
        self.cra.action_submit()
        self.cra.with_user(self.manager).action_validate()
        self.assertEqual(self.cra.state, "validated")

    def test_month_and_mission_never_change(self):
        other = self.env["esn.mission"].create(
            {
                "partner_id": self.client.id,
                "employee_id": self.env["hr.employee"].create({"name": "Other"}).id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "sell_rate": 500,
            }
        )
        for forged in ({"month": "2026-09"}, {"mission_id": other.id}, {"employee_id": other.employee_id.id}):
            with self.subTest(forged=forged), self.assertRaises(UserError):
                self.cra.write(forged)
        self.assertEqual((self.cra.month, self.cra.mission_id), ("2026-10", self.mission))
