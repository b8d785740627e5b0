from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import TODAY, CraCase


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCraWorkingTime(CraCase):
    """The days of a report follow Odoo's working time: calendars, public holidays, time off."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.country_id = cls.env.ref("base.fr")
        cls.env["resource.calendar.leaves"]._cron_sync_public_holidays((2026,))
        cls.sick = cls.env["hr.leave.type"].create(
            {
                "name": "Sick leave",
                "requires_allocation": "no",
                "leave_validation_type": "hr",
                "request_unit": "half_day",
            }
        )

    def _leave(self, date_from, date_to, **values):
        leave = self.env["hr.leave"].create(
            {
                "employee_id": self.employee.id,
                "holiday_status_id": self.sick.id,
                "request_date_from": date_from,
                "request_date_to": date_to,
                **values,
            }
        )
        leave.action_validate()
        return leave

    def _day(self, cra, day):
        return cra.line_ids.filtered(lambda line: line.date == day)

    def test_public_holidays_are_global_leaves_kept_by_the_suite(self):
        Leaves = self.env["resource.calendar.leaves"]
        armistice = Leaves.search(
            [("esn_holiday_key", "=", "FR:2026-11-11"), ("company_id", "=", self.env.company.id)]
        )
        self.assertEqual((len(armistice), armistice.resource_id), (1, self.env["resource.resource"]))
        self.assertFalse(Leaves._cron_sync_public_holidays((2026,)), "running it again creates nothing")
        cra = self.env["esn.cra"]._generate_for(self.mission, "2026-11")
        line = self._day(cra, date(2026, 11, 11))
        self.assertEqual(
            (line.day_kind, line.holiday_name, line.available), ("public_holiday", "Armistice", 0)
        )
        # Odoo's own working time agrees: 21 weekdays, the public holiday off
        self.assertEqual(self.employee._esn_working_days(date(2026, 11, 1), date(2026, 11, 30)), 20)
        self.assertEqual(sum(cra._working_days_to_fill().values()), 20)

    def test_leave_approved_after_generation_clears_declared_days(self):
        cra = self.env["esn.cra"]._generate_for(self.mission, "2026-11")
        cra.action_fill_days()
        self.assertEqual(self._day(cra, date(2026, 11, 16)).quantity, 1)
        leave = self._leave(date(2026, 11, 16), date(2026, 11, 17))
        days = cra.line_ids.filtered(lambda line: line.date in (date(2026, 11, 16), date(2026, 11, 17)))
        self.assertEqual(days.mapped("absence"), [True, True])
        self.assertEqual(days.mapped("quantity"), [0, 0], "the days declared worked are cleared")
        self.assertEqual(cra.total_days, 18)
        self.assertIn("cleared", cra.message_ids[0].body)
        self.assertIn(self.consultant_user.partner_id, cra.message_ids[0].partner_ids)
        with self.assertRaisesRegex(ValidationError, "approved time off"):
            cra._set_days({"2026-11-16": 1})
        # refused after all: the days are working days again
        leave.action_refuse()
        self.assertEqual(days.mapped("absence"), [False, False])
        cra._set_days({"2026-11-16": 1})
        self.assertEqual(cra.total_days, 19)

    def test_leave_on_a_submitted_report_asks_the_manager(self):
        cra = self.env["esn.cra"]._generate_for(self.mission, "2026-11")
        cra._set_days({"2026-11-16": 1, "2026-11-17": 1})
        cra.action_submit()
        self._leave(date(2026, 11, 16), date(2026, 11, 16))
        self.assertEqual(cra.state, "submitted")
        self.assertEqual(self._day(cra, date(2026, 11, 16)).quantity, 1, "a submitted report is not changed")
        activity = cra.activity_ids.filtered(lambda activity: "Time off" in activity.summary)
        self.assertEqual(activity.user_id, cra.user_id)
        # sent back, the report takes the time off
        cra.with_user(self.manager).action_reject("Time off on the 16th")
        self.assertTrue(self._day(cra, date(2026, 11, 16)).absence)
        self.assertEqual(cra.total_days, 1)

    def test_half_day_leave_leaves_half_a_day(self):
        cra = self.env["esn.cra"]._generate_for(self.mission, "2026-11")
        self._leave(
            date(2026, 11, 18),
            date(2026, 11, 18),
            request_unit_half=True,
            request_date_from_period="am",
        )
        line = self._day(cra, date(2026, 11, 18))
        self.assertEqual((line.time_off, line.available, line.absence), (0.5, 0.5, False))
        cra._set_days({"2026-11-18": 0.5})
        with self.assertRaisesRegex(ValidationError, "0.5 day"):
            cra._set_days({"2026-11-18": 1})
        self.assertEqual(cra._working_days_to_fill()[date(2026, 11, 18)], 0.5)

    def test_part_time_calendar_and_allocation_decide_what_fill_fills(self):
        four_days = self.env["resource.calendar"].create(
            {
                "name": "4 days, no Wednesday",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        },
                    )
                    for day in (0, 1, 3, 4)
                    for start, end, period in ((8, 12, "morning"), (13, 17, "afternoon"))
                ],
            }
        )
        self.employee.resource_calendar_id = four_days
        cra = self.env["esn.cra"]._generate_for(self.mission, "2026-11")
        wednesday = self._day(cra, date(2026, 11, 4))
        self.assertEqual((wednesday.day_kind, wednesday.available), ("not_scheduled", 0))
        cra.action_fill_days()
        self.assertEqual(cra.total_days, 17, "21 weekdays but 4 Wednesdays (Armistice Day among them)")
        with self.assertRaisesRegex(ValidationError, "tick On-Call Intervention"):
            cra._set_days({"2026-11-04": 1})
        cra._set_days({"2026-11-04": {"quantity": 1, "on_call": True}})
        cra.action_clear_days()
        self.mission.allocation = 0.5
        cra.action_fill_days()
        self.assertEqual(cra.total_days, 8.5)
        self.assertEqual(self._day(cra, date(2026, 11, 2)).quantity, 0.5)

    def test_alsace_moselle_has_good_friday_and_st_stephen(self):
        strasbourg = self.env["res.partner"].create({"name": "Agence Strasbourg", "zip": "67000"})
        self.employee.address_id = strasbourg
        paris_employee = self.env["hr.employee"].create({"name": "Paris consultant"})
        paris_mission = self.mission.copy({"employee_id": paris_employee.id})
        paris_mission.action_activate()
        alsace_leaves = self.env["resource.calendar.leaves"].search(
            [("resource_id", "=", self.employee.resource_id.id), ("esn_holiday_key", "like", "FR-AM:2026")]
        )
        self.assertEqual(len(alsace_leaves), 2, "kept as the consultant's work address changes")
        reports = self.env["esn.cra"]._generate_for(self.mission | paris_mission, "2026-04")
        alsace = reports.filtered(lambda cra: cra.mission_id == self.mission)
        paris = reports.filtered(lambda cra: cra.mission_id == paris_mission)
        good_friday = date(2026, 4, 3)
        self.assertEqual(self._day(alsace, good_friday).day_kind, "public_holiday")
        self.assertEqual(self._day(paris, good_friday).day_kind, "working")
        self.assertEqual(
            sum(alsace._working_days_to_fill().values()), 20, "22 weekdays, Easter Monday, Good Friday"
        )
        self.assertEqual(sum(paris._working_days_to_fill().values()), 21)

    def test_public_holidays_follow_the_work_site(self):
        """A consultant living in Paris placed at a client in Strasbourg from April has Good Friday
        (3 April) and 26 December off (L3134-13), not before the mission."""
        self.employee.address_id = self.env["res.partner"].create({"name": "Home", "zip": "75011"})
        strasbourg = self.env["res.partner"].create(
            {"name": "Client Strasbourg", "is_company": True, "zip": "67000", "city": "Strasbourg"}
        )
        consultant = self.env["hr.employee"].create(
            {"name": "Paris resident", "address_id": self.employee.address_id.id}
        )
        mission = self.env["esn.mission"].create(
            {
                "partner_id": strasbourg.id,
                "employee_id": consultant.id,
                "date_start": date(2026, 4, 1),
                "date_end": date(2026, 12, 31),
                "sell_rate": 700,
            }
        )

        def alsace_days():
            return set(
                self.env["resource.calendar.leaves"]
                .search(
                    [
                        ("resource_id", "=", consultant.resource_id.id),
                        ("esn_holiday_key", "like", "FR-AM:2026"),
                    ]
                )
                .mapped("esn_holiday_key")
            )

        self.assertFalse(alsace_days(), "a draft mission places nobody")
        mission.action_activate()
        self.assertEqual(alsace_days(), {"FR-AM:2026-04-03", "FR-AM:2026-12-26"})
        cra = self.env["esn.cra"]._generate_for(mission, "2026-04")
        self.assertEqual(self._day(cra, date(2026, 4, 3)).day_kind, "public_holiday")
        # the work site is where the consultant goes, whatever the client's registered address
        mission.work_address_id = self.env["res.partner"].create({"name": "Site Lyon", "zip": "69002"})
        self.assertFalse(alsace_days())
        mission.work_address_id = False
        self.env["esn.mission.amendment"].create(
            {
                "mission_id": mission.id,
                "date_effective": date(2026, 4, 1),
                "date_end": date(2026, 11, 30),
                "reason": "Shorter",
            }
        )
        self.assertEqual(alsace_days(), {"FR-AM:2026-04-03"}, "26 December is past the mission's end")

    def test_generated_days_carry_each_day_s_rates_and_availability(self):
        """A new report's days are inserted in one query: each as the ORM would have made it, at the
        rates in force that day, and the report's totals computed from them."""
        self.env["esn.mission.amendment"].create(
            {
                "mission_id": self.mission.id,
                "date_effective": date(2026, 11, 16),
                "sell_rate": 650,
                "buy_rate": 320,
                "reason": "Avenant",
            }
        )
        self._leave(date(2026, 11, 12), date(2026, 11, 12))
        cra = self.env["esn.cra"]._generate_for(self.mission, "2026-11")
        # 21 weekdays, 11 November a public holiday, 12 November time off
        self.assertEqual((len(cra.line_ids), cra.available_days, cra.total_days), (30, 19, 0))
        self.env.invalidate_all()
        lines = cra.line_ids
        self.assertEqual(
            {(line.date.day, line.sell_rate, line.buy_rate) for line in lines if line.date.day in (13, 16)},
            {(13, 600, 300), (16, 650, 320)},
        )
        self.assertEqual(
            [(line.day_kind, line.available, line.time_off, line.absence) for line in lines[10:13]],
            [("public_holiday", 0, 0, False), ("working", 0, 1, True), ("working", 1, 0, False)],
        )
        self.assertTrue(lines[10].holiday_name)
        self.assertFalse(lines[11].holiday_name, "no public holiday: no name")
        self.assertEqual(lines.company_id, cra.company_id)
        self.assertEqual(lines.create_uid, self.env.user)
        self.assertEqual(set(lines.mapped("quantity")), {0})
        self.assertFalse(any(lines.mapped("on_call") + lines.mapped("remote") + lines.mapped("planned")))
        lines._check_day()
        cra._set_days({"2026-11-13": 1, "2026-11-16": 0.5})
        self.assertEqual(cra.total_days, 1.5)

    def test_weekend_work_is_on_call(self):
        cra = self.env["esn.cra"]._generate_for(self.mission, "2026-11")
        with self.assertRaisesRegex(
            ValidationError, "a weekend day: work that day is declared as an on-call intervention"
        ):
            cra._set_days({"2026-11-08": 1})
        with self.assertRaisesRegex(ValidationError, "public holiday"):
            cra._set_days({"2026-11-11": 0.5})
        cra._set_days({"2026-11-08": {"quantity": 1, "on_call": True}, "2026-11-09": 1})
        self.assertEqual(cra.total_days, 2)
        cra.action_submit()
        warning = cra.activity_ids.filtered(lambda activity: "Sunday" in activity.summary)
        self.assertEqual(warning.user_id, cra.user_id, "the employee's Sunday work warns the manager")

    def test_submission_window_declares_the_last_days_as_planned(self):
        self.env.company.esn_cra_submission_days = 3
        cra = self.env["esn.cra"]._generate_for(self.mission, "2026-11")
        cra.action_fill_days()
        with freeze_time("2026-11-25"):
            with self.assertRaisesRegex(ValidationError, "can be submitted from 11/26/2026"):
                cra.action_submit()
            self.assertEqual(cra.state, "draft")
        with freeze_time("2026-11-26"):
            cra.action_submit()
        self.assertEqual(cra.state, "submitted")
        planned = cra.line_ids.filtered("planned").mapped("date")
        self.assertEqual(planned, [date(2026, 11, 27), date(2026, 11, 30)])
        # sent back and submitted again once the month is over: nothing is planned any more
        cra.with_user(self.manager).action_reject("Check the last week")
        with freeze_time("2026-12-01"):
            cra.action_submit()
        self.assertFalse(cra.line_ids.filtered("planned"))

    def test_months_read_as_words_and_filter_on_the_first_day(self):
        cra = self.env["esn.cra"]._generate_for(self.mission, "2026-11")
        self.assertEqual(cra.month, "2026-11")
        self.assertEqual(cra.with_context(lang="en_US").month_label, "November 2026")
        self.env["res.lang"]._activate_lang("fr_FR")
        self.assertEqual(cra.with_context(lang="fr_FR").month_label, "novembre 2026")
        self.assertIn(cra, self.env["esn.cra"].search([("date_from", "=", date(2026, 11, 1))]))
