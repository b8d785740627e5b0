from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import MissionCase


@tagged("post_install", "-at_install")
class TestMissionOnCall(MissionCase):
    """Astreinte: periods scheduled on the mission, apart from the days worked during them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mission = cls._mission()
        cls.mission.action_activate()

    def _period(self, start, end, **values):
        return self.env["esn.mission.on.call.period"].create(
            {"mission_id": self.mission.id, "date_start": start, "date_end": end, **values}
        )

    def test_notice_under_fifteen_days_is_flagged(self):
        on_time = self._period(date(2026, 3, 16), date(2026, 3, 22), notified_on=date(2026, 3, 1))
        late = self._period(date(2026, 3, 28), date(2026, 3, 29), notified_on=date(2026, 3, 14))
        self.assertFalse(on_time.late_notice)
        self.assertTrue(late.late_notice)
        # once the period has started, the notice given is a fact: not rewritten to clear the flag
        with freeze_time(date(2026, 3, 28)), self.assertRaisesRegex(UserError, "has started"):
            late.notified_on = date(2026, 3, 1)
        self.assertTrue(late.late_notice)
        self.assertEqual(self.mission.on_call_period_ids, on_time | late)

    def test_periods_refused_overlapping_outside_negative_or_on_a_closed_mission(self):
        self._period(date(2026, 3, 16), date(2026, 3, 22), sell_amount=250, cost_amount=150)
        refused = {
            "overlapping": (date(2026, 3, 22), date(2026, 3, 23), {}),
            "ending before it starts": (date(2026, 4, 5), date(2026, 4, 4), {}),
            "outside the mission": (date(2026, 12, 28), date(2027, 1, 3), {}),
            "negative": (date(2026, 5, 1), date(2026, 5, 2), {"cost_amount": -10}),
        }
        for case, (start, end, values) in refused.items():
            with self.subTest(case), self.assertRaises(ValidationError):
                self._period(start, end, **values)
        self.assertEqual(len(self.mission.on_call_period_ids), 1)
        self.mission.action_done()
        with self.assertRaisesRegex(ValidationError, "closed"):
            self._period(date(2026, 6, 1), date(2026, 6, 2))

    def test_only_who_manages_the_mission_schedules_it_and_the_consultant_reads_his_own(self):
        outsider = new_test_user(self.env(su=True), "on_call_outsider", groups="esn_base.group_esn_user")
        with self.assertRaises(AccessError):
            self._period(date(2026, 3, 2), date(2026, 3, 3)).with_user(outsider).write(
                {"date_end": date(2026, 3, 4)}
            )
        portal = new_test_user(self.env(su=True), "on_call_portal", groups="base.group_portal")
        period = self._period(date(2026, 4, 6), date(2026, 4, 7))
        with self.assertRaises(AccessError):
            period.with_user(portal).read(["date_start"])
        self.consultant.sudo().esn_login_user_id = portal
        self.assertEqual(period.with_user(portal).read(["date_start"])[0]["date_start"], date(2026, 4, 6))
        with self.assertRaises(AccessError):
            period.with_user(portal).write({"date_start": date(2026, 4, 5)})
        # the amounts are the ESN's: not even readable by the consultant
        with self.assertRaises(AccessError):
            period.with_user(portal).read(["sell_amount"])
        self.assertEqual(period.date_start, date(2026, 4, 6))
