from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TODAY, CraCase


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCraOnCall(CraCase):
    """A report shows the on-call periods starting in its month, apart from its days, and keeps
    them as validated."""

    def _period(self, start, end):
        return self.env["esn.mission.on.call.period"].create(
            {
                "mission_id": self.mission.id,
                "date_start": start,
                "date_end": end,
                "notified_on": date(2026, 9, 1),
            }
        )

    def test_report_shows_the_periods_starting_in_its_month(self):
        october = self._period(date(2026, 10, 26), date(2026, 11, 1))
        self._period(date(2026, 11, 2), date(2026, 11, 8))
        self.assertEqual(self.cra.on_call_period_ids, october)
        # being on call is not a day worked: the intervention alone is declared
        self.cra._set_days({"2026-10-31": {"quantity": 1, "on_call": True}})
        self.assertEqual(self.cra.total_days, 1)
        html = self.env["ir.actions.report"]._render_qweb_html("esn_cra.action_report_cra", self.cra.ids)[0]
        self.assertIn(b"o_esn_cra_on_call_periods", html)
        self.assertIn(b"On call", html)

    def test_a_validated_month_keeps_its_periods(self):
        period = self._period(date(2026, 10, 26), date(2026, 11, 1))
        self.cra._set_days({"2026-10-05": 1})
        self.cra.action_submit()
        self.cra.with_user(self.manager).action_validate()
        for change in (
            lambda: period.write({"date_end": date(2026, 10, 30)}),
            period.unlink,
            lambda: self._period(date(2026, 10, 3), date(2026, 10, 4)),
            # moved into the validated month from another one
            lambda: self._period(date(2026, 11, 9), date(2026, 11, 10)).write(
                {"date_start": date(2026, 10, 10), "date_end": date(2026, 10, 11)}
            ),
        ):
            with self.assertRaisesRegex(UserError, "already validated"):
                change()
        self.assertEqual(self.mission.on_call_period_ids, period)
        self.assertEqual(period.date_end, date(2026, 11, 1))
        # November is open
        november = self._period(date(2026, 11, 16), date(2026, 11, 22))
        november.date_end = date(2026, 11, 21)
        self.cra.with_user(self.manager).action_reject("Wrong week")
        period.date_end = date(2026, 10, 31)
