from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import BillingCase


@tagged("post_install", "-at_install")
@freeze_time(date(2026, 11, 22))
class TestMargin(BillingCase):
    def _rows(self, mission):
        self.env.flush_all()
        self.env["esn.margin.report"].invalidate_model()
        return self.env["esn.margin.report"].search([("mission_id", "=", mission.id)])

    def test_forecast_then_invoiced_then_billed(self):
        mission = self._mission(self.external, sell=600, buy=450)
        cra = self._validated(mission, {"2026-10-05": 1, "2026-10-06": 1})
        [row] = self._rows(mission)
        self.assertEqual(
            (row.days, row.revenue, row.cost, row.margin, row.revenue_forecast, row.cost_forecast),
            (2, 1200, 900, 300, True, True),
            "before any invoice: the validated days at the rates",
        )
        invoice, bill = self._invoice(cra)
        self._post(invoice)
        [row] = self._rows(mission)
        self.assertEqual(
            (row.revenue, row.cost, row.revenue_forecast, row.cost_forecast), (1200, 900, False, True)
        )
        self._receive_contractor_invoice(
            bill, "SUB-1", invoice_line_ids=[(1, bill.invoice_line_ids.id, {"price_unit": 460})]
        )
        bill.action_post()
        [row] = self._rows(mission)
        self.assertEqual((row.cost, row.margin, row.cost_forecast), (920, 280, False), "what the bill says")
        self.assertAlmostEqual(row.margin_rate, 100 * 280 / 1200)
        credit_note = invoice._reverse_moves([{"invoice_date": date(2026, 11, 5)}])
        credit_note.action_post()
        [row] = self._rows(mission)
        self.assertEqual(row.revenue, 0, "a posted credit note takes the revenue back")

    def test_rates_in_force_each_day(self):
        mission = self._mission(sell=600, buy=300)
        self.env["esn.mission.amendment"].create(
            {
                "mission_id": mission.id,
                "date_effective": date(2026, 10, 6),
                "sell_rate": 700,
                "reason": "Avenant",
            }
        )
        self._validated(mission, {"2026-10-05": 1, "2026-10-06": 1})
        [row] = self._rows(mission)
        self.assertEqual((row.revenue, row.cost), (1300, 600))

    def test_the_stored_forecast_follows_a_rate_amended_after_the_days(self):
        mission = self._mission(sell=600, buy=300)
        cra = self._validated(mission, {"2026-10-05": 1, "2026-10-06": 1})
        self.assertEqual((self._rows(mission).revenue, cra.days_sell_amount), (1200, 1200))
        self.env["esn.mission.amendment"].create(
            {
                "mission_id": mission.id,
                "date_effective": date(2026, 10, 6),
                "sell_rate": 700,
                "buy_rate": 350,
                "reason": "Avenant",
            }
        )
        [row] = self._rows(mission)
        self.assertEqual((row.revenue, row.cost), (1300, 650))
        self.assertEqual((cra.days_sell_amount, cra.days_buy_amount), (1300, 650))

    def test_on_call_days_at_the_amended_on_call_rates_as_invoiced(self):
        """The margin reads the rates the days are invoiced and bought at: an amendment of the
        on-call rates counts from its day, in the forecast as on the invoice."""
        mission = self._mission(self.external, sell=600, buy=450, on_call_sell_rate=900, on_call_buy_rate=600)
        self.env["esn.mission.amendment"].create(
            {
                "mission_id": mission.id,
                "date_effective": date(2026, 10, 10),
                "on_call_sell_rate": 1000,
                "on_call_buy_rate": 700,
                "reason": "Avenant astreinte",
            }
        )
        on_call = {"quantity": 1, "on_call": True}
        cra = self._validated(mission, {"2026-10-03": on_call, "2026-10-05": 1, "2026-10-10": on_call})
        self.assertEqual(
            [(line.sell_rate, line.buy_rate) for line in cra.line_ids if line.quantity],
            [(900, 600), (600, 450), (1000, 700)],
        )
        [row] = self._rows(mission)
        self.assertEqual((row.revenue, row.cost), (2500, 1750))
        invoice, bill = self._invoice(cra)
        self.assertEqual(invoice.amount_untaxed, row.revenue)
        self.assertEqual(bill.amount_untaxed, row.cost)

    def test_day_rates_are_not_the_consultants_to_read(self):
        mission = self._mission(self.external, sell=600, buy=450)
        cra = self._validated(mission, {"2026-10-05": 1})
        consultant = new_test_user(self.env, "margin_consultant", groups="base.group_portal")
        self.external.esn_login_user_id = consultant
        esn_user = new_test_user(self.env, "margin_esn_user", groups="esn_base.group_esn_user")
        worked = cra.line_ids.filtered("quantity")
        line = worked.with_user(consultant)
        self.assertEqual(line.read(["quantity"])[0]["quantity"], 1, "the consultant reads their days")
        for rate in ("sell_rate", "buy_rate"):
            with self.assertRaises(AccessError):
                line.read([rate])
        with self.assertRaises(AccessError):
            worked.with_user(esn_user).read(["buy_rate"])
        self.assertEqual(worked.with_user(esn_user).read(["sell_rate"])[0]["sell_rate"], 600)

    def test_on_call_periods_of_the_month_in_the_forecast(self):
        """A salaried consultant's on-call allowance is a cost of the month, the client's price a revenue."""
        mission = self._mission(sell=600, buy=300)
        for start, end in ((date(2026, 10, 26), date(2026, 11, 1)), (date(2026, 11, 2), date(2026, 11, 8))):
            self.env["esn.mission.on.call.period"].create(
                {
                    "mission_id": mission.id,
                    "date_start": start,
                    "date_end": end,
                    "sell_amount": 250,
                    "cost_amount": 100,
                }
            )
        self._validated(mission, {"2026-10-05": 1})
        [row] = self._rows(mission)
        self.assertEqual((row.revenue, row.cost), (850, 400), "the October period only")

    def test_mission_currency_converted_to_the_companys(self):
        usd = self.env.ref("base.USD")
        usd.active = True
        # the forecast is converted at the database's date, as Odoo converts
        self.env.cr.execute("SELECT CURRENT_DATE")
        today = self.env.cr.fetchone()[0]
        self.env["res.currency.rate"].create({"currency_id": usd.id, "name": today, "rate": 2.0})
        mission = self._mission(sell=600, buy=300, currency_id=usd.id)
        self._validated(mission, {"2026-10-05": 1})
        [row] = self._rows(mission)
        company = self.env.company
        self.assertEqual(row.currency_id, company.currency_id)
        self.assertNotEqual(company.currency_id, usd)
        self.assertAlmostEqual(row.revenue, usd._convert(600, company.currency_id, company, today))
        self.assertAlmostEqual(row.cost, usd._convert(300, company.currency_id, company, today))

    def test_margin_rate_of_a_group_is_of_the_sums(self):
        high = self._mission(sell=1000, buy=100)  # 90 %
        low = self._mission(sell=100, buy=90)  # 10 %
        self._validated(high, {"2026-10-05": 1})
        self._validated(low, {"2026-10-05": 1, "2026-10-06": 1, "2026-10-07": 1})
        self.env.flush_all()
        [group] = self.env["esn.margin.report"].read_group(
            [("mission_id", "in", (high | low).ids)], ["margin_rate", "revenue", "margin"], []
        )
        # (900 + 30) / (1000 + 300), not the average of 90 % and 10 %
        self.assertAlmostEqual(group["margin_rate"], 100 * 930 / 1300)
        self.assertEqual(high.with_user(self.manager).margin, 900)
