import csv
import io
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.esn_expense.tests.common import ExpenseCase


@tagged("post_install", "-at_install")
@freeze_time("2026-11-22")
class TestPayrollVariables(ExpenseCase):
    """October 2026 of two salaried consultants: one full time (remote days, half a day of paid
    leave, sick days across the month's end, on call, a weekend intervention, an expense), one part
    time whose report is late; exported, locked, then the late report corrected in November."""

    own_company = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["resource.calendar.leaves"]._cron_sync_public_holidays((2026,))
        cls.payroll = new_test_user(
            env, "payroll_manager", groups="esn_payroll.group_esn_payroll_manager", email="pay@example.com"
        )
        cls.paid_leave = env["hr.leave.type"].create(
            {"name": "Paid leave", "requires_allocation": "no", "request_unit": "half_day"}
        )
        cls.sick = env["hr.leave.type"].create(
            {"name": "Sick", "requires_allocation": "no", "request_unit": "day"}
        )
        Item = env["esn.payroll.item"]
        Item.search([("company_id", "=", env.company.id)]).unlink()
        Item.create(
            [
                {"item": item, "code": code}
                for item, code in [
                    ("worked_days", "JT"),
                    ("site_days", "JS"),
                    ("remote_days", "JTT"),
                    ("intervention_weekend_days", "IWE"),
                    ("on_call_paid", "AST"),
                    ("on_call_rest", "ASR"),
                    ("expenses", "FR"),
                    ("meal_vouchers", "TR"),
                    ("forfait_days", "FJ"),
                ]
            ]
            + [
                {"item": "time_off", "leave_type_id": cls.paid_leave.id, "code": "CP"},
                {"item": "time_off", "leave_type_id": cls.sick.id, "code": "MAL"},
            ]
        )
        cls.consultant.write(
            {
                "esn_payroll_registration_number": "M001",
                "esn_payroll_cost_center": "CC-IT",
                "esn_forfait_jours": True,
            }
        )
        cls.part_timer = env["hr.employee"].create(
            {
                "name": "Part Timer",
                "esn_payroll_registration_number": "M002",
                "esn_payroll_cost_center": "CC-IT",
                "resource_calendar_id": env["resource.calendar"]
                .create(
                    {
                        "name": "Four days",
                        "attendance_ids": [
                            (
                                0,
                                0,
                                {
                                    "name": f"{day} {start}",
                                    "dayofweek": str(day),
                                    "hour_from": start,
                                    "hour_to": start + 4,
                                    "day_period": period,
                                },
                            )
                            for day in (0, 1, 3, 4)
                            for start, period in ((8, "morning"), (13, "afternoon"))
                        ],
                    }
                )
                .id,
            }
        )
        cls.part_time_mission = cls._mission(cls.part_timer)
        cls.mission.on_call_period_ids = [
            (
                0,
                0,
                {
                    "date_start": date(2026, 10, 10),
                    "date_end": date(2026, 10, 11),
                    "cost_amount": 150.0,
                    "notified_on": date(2026, 9, 1),
                },
            ),
            (
                0,
                0,
                {
                    "date_start": date(2026, 10, 17),
                    "date_end": date(2026, 10, 18),
                    "compensation": "rest",
                    "notified_on": date(2026, 9, 1),
                },
            ),
        ]
        for leave_type, start, stop, half in (
            (cls.paid_leave, date(2026, 10, 12), date(2026, 10, 12), True),
            (cls.sick, date(2026, 10, 29), date(2026, 11, 3), False),
        ):
            leave = env["hr.leave"].create(
                {
                    "employee_id": cls.consultant.id,
                    "holiday_status_id": leave_type.id,
                    "request_date_from": start,
                    "request_date_to": stop,
                    "request_unit_half": half,
                    "request_date_from_period": "am",
                }
            )
            leave.action_validate()
        cls.cra = cls._draft(
            cls.mission,
            {
                "2026-10-05": 1,
                "2026-10-06": 1,
                "2026-10-07": {"quantity": 1, "remote": True},
                "2026-10-08": 0.5,
                "2026-10-10": {"quantity": 1, "on_call": True},
                "2026-10-12": 0.5,
            },
        )
        cls._declare(cls.cra, amount=84.5)
        cls.cra.action_submit()
        cls.cra.with_user(cls.manager).action_validate()
        cls.late_cra = cls._draft(cls.part_time_mission, {"2026-10-05": 1, "2026-10-08": 1})
        cls.late_cra.action_submit()

    def _period(self, month="2026-10"):
        return self.env["esn.payroll.period"].with_user(self.payroll).create({"month": month})

    def _variables(self, period, **filters):
        """{(employee, item or time off type, corrected month): (quantity, amount)} of the test's
        consultants in `period` (the database may have others)."""
        ours = self.consultant | self.part_timer
        return {
            (line.employee_id.name, line.leave_type_id.name or line.item, line.correction_month or None): (
                line.quantity,
                line.amount,
            )
            for line in period.variable_ids
            if line.employee_id in ours and all(line[name] == value for name, value in filters.items())
        }

    def _anomalies(self, period):
        return period.anomaly_ids.filtered(
            lambda anomaly: anomaly.employee_id in self.consultant | self.part_timer
        ).mapped("message")

    def test_month_read_exported_locked_and_corrected_next_month(self):
        period = self._period()
        self.assertEqual(
            self._variables(period),
            {
                ("Expense Consultant", "worked_days", None): (4.0, 0.0),
                ("Expense Consultant", "site_days", None): (3.0, 0.0),
                ("Expense Consultant", "remote_days", None): (1.0, 0.0),
                ("Expense Consultant", "intervention_weekend_days", None): (1.0, 0.0),
                ("Expense Consultant", "on_call_paid", None): (1.0, 150.0),
                ("Expense Consultant", "on_call_rest", None): (1.0, 0.0),
                ("Expense Consultant", "expenses", None): (0.0, 84.5),
                # the 5th, 6th and 7th (remote days give meal vouchers): not the half days
                ("Expense Consultant", "meal_vouchers", None): (3.0, 0.0),
                ("Expense Consultant", "forfait_days", None): (5.0, 0.0),
                ("Expense Consultant", "Paid leave", None): (0.5, 0.0),
                # the 29th and 30th: the rest of the leave is November's
                ("Expense Consultant", "Sick", None): (2.0, 0.0),
            },
        )
        sick = period.variable_ids.filtered(lambda line: line.leave_type_id == self.sick)
        self.assertEqual((sick.date_from, sick.date_to), (date(2026, 10, 29), date(2026, 10, 31)))
        self.assertEqual(
            self._anomalies(period),
            [
                f"Activity report {self.late_cra.display_name} is Submitted: its days will be in a later "
                "month's variables, as a correction, once it is validated."
            ],
        )
        with self.assertRaisesRegex(UserError, "has not been exported"):
            period.with_user(self.payroll).action_lock()
        export = self.env["esn.payroll.export"].browse(period.with_user(self.payroll).action_export("csv"))
        self.assertEqual((export.user_id, export.line_count), (self.payroll, len(period.variable_ids)))
        rows = list(csv.DictReader(io.StringIO(export.attachment_id.raw.decode("utf-8-sig")), delimiter=";"))
        self.assertEqual(len(rows), len(period.variable_ids))
        self.assertEqual(
            next(row for row in rows if row["registration_number"] == "M001"),
            {
                "month": "2026-10",
                "registration_number": "M001",
                "employee": "Expense Consultant",
                "cost_center": "CC-IT",
                "item": "worked_days",
                "code": "JT",
                "label": "Days Worked",
                "quantity": "4,00",
                "unit": "days",
                "amount": "0,00",
                "date_from": "01/10/2026",
                "date_to": "31/10/2026",
                "corrected_month": "",
            },
        )
        silae = self.env["esn.payroll.export"].browse(period.with_user(self.payroll).action_export("silae"))
        lines = silae.attachment_id.raw.decode().splitlines()
        self.assertEqual(lines[0], "Matricule;Code;Valeur;Date de début;Date de fin")
        self.assertIn("M001;MAL;2.00;29/10/2026;31/10/2026", lines)
        self.assertIn("M001;AST;150.00;01/10/2026;31/10/2026", lines)
        period.with_user(self.payroll).action_lock()
        self.assertEqual((period.state, period.locked_by_id), ("locked", self.payroll))
        with self.assertRaisesRegex(UserError, "is locked"):
            period.with_user(self.payroll).action_compute()
        # the late report validated after the lock: November pays it as October's correction
        self.late_cra.with_user(self.manager).action_validate()
        november = self._period("2026-11")
        self.assertEqual(
            self._variables(november, correction_month="2026-10"),
            {
                ("Part Timer", "worked_days", "2026-10"): (2.0, 0.0),
                ("Part Timer", "site_days", "2026-10"): (2.0, 0.0),
                ("Part Timer", "meal_vouchers", "2026-10"): (2.0, 0.0),
            },
        )
        self.assertEqual(
            self._variables(november, employee_id=self.consultant, item="time_off"),
            {("Expense Consultant", "Sick", None): (2.0, 0.0)},
            "the 2nd and 3rd of November (the 1st a Sunday)",
        )
        november.with_user(self.payroll).action_export("xlsx")
        november.with_user(self.payroll).action_lock()
        december = self._period("2026-12")
        self.assertFalse(december.variable_ids.filtered("correction_month"), "a correction is paid once")

    def test_meal_voucher_rules_are_the_company_s(self):
        self.env.company.write({"esn_meal_voucher_remote": False, "esn_meal_voucher_half_days": True})
        period = self._period()
        # the 5th, 6th, the half day of the 8th and of the 12th; not the remote 7th
        self.assertEqual(
            self._variables(period, item="meal_vouchers")[("Expense Consultant", "meal_vouchers", None)],
            (4.0, 0.0),
        )

    def test_workflow_fields_and_variables_refused_outside_the_actions(self):
        period = self._period()
        with self.assertRaisesRegex(UserError, "changes only through the action action_lock"):
            period.with_user(self.payroll).write({"state": "locked"})
        with self.assertRaises(AccessError):
            period.variable_ids[:1].with_user(self.payroll).write({"quantity": 30})
        with self.assertRaises(AccessError):
            self.env["esn.payroll.variable"].with_user(self.payroll).create(
                {
                    "period_id": period.id,
                    "employee_id": self.consultant.id,
                    "item": "worked_days",
                    "quantity": 30,
                }
            )
        self.assertEqual(period.variable_ids.filtered(lambda line: line.item == "worked_days").quantity, 4.0)
        with self.assertRaises(AccessError):
            self.env["esn.payroll.period"].with_user(self.manager).create({"month": "2026-09"})
        with self.assertRaisesRegex(UserError, "is not an export format"):
            period.with_user(self.payroll).action_export("pdf")
        with self.assertRaisesRegex(UserError, "is not an export format"):
            period.with_user(self.payroll).action_export(["csv"])
        self.assertFalse(period.export_ids)

    def test_other_company_s_payroll_is_out_of_reach(self):
        period = self._period()
        other = self.env["res.company"].create({"name": "Other ESN"})
        outsider = new_test_user(
            self.env,
            "other_payroll",
            groups="esn_payroll.group_esn_payroll_manager",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        outsider_env = self.env(user=outsider, context={"allowed_company_ids": other.ids})
        self.assertFalse(outsider_env["esn.payroll.period"].search([]))
        with self.assertRaises(AccessError):
            period.with_env(outsider_env).action_export("csv")
        with self.assertRaises(AccessError):
            period.with_env(outsider_env).action_lock()
        self.assertEqual((period.state, period.export_ids), ("open", self.env["esn.payroll.export"]))

    def test_registration_number_is_one_employee_s(self):
        with self.assertRaisesRegex(ValidationError, "M001 is already Expense Consultant's"):
            self.part_timer.esn_payroll_registration_number = "M001"
        self.assertEqual(self.part_timer.esn_payroll_registration_number, "M002")

    def test_missing_registration_and_code_are_anomalies(self):
        self.consultant.esn_payroll_registration_number = False
        self.env["esn.payroll.item"].search([("item", "=", "meal_vouchers")]).unlink()
        period = self._period()
        self.assertIn("No registration number (matricule) for the payroll.", self._anomalies(period))
        self.assertIn(
            "No payroll code for Meal Vouchers: set it in the payroll items.",
            period.anomaly_ids.mapped("message"),
        )
        self.assertEqual(
            self.env["esn.payroll.export"]
            .browse(period.with_user(self.payroll).action_export("silae"))
            .attachment_id.raw.decode()
            .count("TR;"),
            0,
        )
