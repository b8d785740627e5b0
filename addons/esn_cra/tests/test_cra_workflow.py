import io
from datetime import date

from freezegun import freeze_time
from pypdf import PdfReader

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import SIGNATURE, TODAY, CraCase


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCraWorkflow(CraCase):
    def _submitted(self, cra=None):
        cra = cra or self.cra
        cra._set_days({**cra._working_days_to_fill(), "2026-10-30": 0.5})
        cra.action_submit()
        return cra

    def _mails(self, template_xmlid):
        template = self.env.ref(template_xmlid)
        return self.env["mail.mail"].search(
            [
                ("model", "=", "esn.cra"),
                ("res_id", "=", self.cra.id),
                ("subject", "like", template.subject.split(":")[0].split("{")[0]),
            ]
        )

    def test_submission_asks_the_account_manager_to_validate(self):
        to_validate = self.env.ref("esn_cra.mail_activity_cra_to_validate")
        self.mission.user_id = self.manager
        self.cra.sudo()._set_days(self.cra._working_days_to_fill())
        self.cra.with_user(self.consultant_user).action_submit()
        activity = self.cra.activity_ids.filtered(lambda a: a.activity_type_id == to_validate)
        self.assertEqual((activity.user_id, activity.date_deadline), (self.manager, TODAY))
        self.cra.with_user(self.manager).action_validate()
        self.assertFalse(self.cra.activity_ids.filtered(lambda a: a.activity_type_id == to_validate))
        # done, not deleted: kept with its done date, as Odoo keeps them
        done = (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", "esn.cra"),
                    ("res_id", "=", self.cra.id),
                    ("activity_type_id", "=", to_validate.id),
                ]
            )
        )
        self.assertEqual((done.active, done.user_id), (False, self.manager))
        self.assertTrue(done.date_done)

    def test_validation_writes_timesheets(self):
        self._submitted()
        self.assertEqual(self.cra.total_days, 21.5)
        self.cra.with_user(self.manager).action_validate()
        self.assertEqual((self.cra.state, self.cra.client_state), ("validated", "none"))
        self.assertEqual(self.cra.validated_by_id, self.manager)
        timesheets = self.cra.timesheet_ids.sorted("date")
        # a line per week, dated its first day in the month: 1-2, 5-9, 12-16, 19-23, 26-30 October
        self.assertEqual([line.date.day for line in timesheets], [1, 5, 12, 19, 26])
        self.assertEqual(timesheets.mapped("unit_amount"), [2 * 8, 5 * 8, 5 * 8, 5 * 8, 4.5 * 8])
        self.assertEqual(timesheets[1].name, "CRA 2026-10, week 41")
        self.assertEqual(set(timesheets.mapped("project_id")), {self.mission.project_id})
        self.assertEqual(set(timesheets.mapped("employee_id")), {self.employee})
        # Odoo's project reporting sees them
        self.assertEqual(self.mission.project_id.sudo().total_timesheet_time, 21.5 * 8)

    def test_a_day_is_the_consultants_working_day_in_hours(self):
        """A consultant on a 7-hour schedule: a declared day is 7 hours on the timesheet, not the
        company's 8 (the setting is for consultants without a schedule)."""
        self.employee.resource_calendar_id = self.env["resource.calendar"].create(
            {
                "name": "35 hours",
                "tz": "Europe/Paris",
                "hours_per_day": 7,
                "attendance_ids": [
                    fields.Command.create(
                        {"name": f"{day} {period}", "dayofweek": str(day), "hour_from": start, "hour_to": end}
                    )
                    for day in range(5)
                    for period, start, end in (("morning", 9, 12), ("afternoon", 13, 17))
                ],
            }
        )
        self.assertEqual(self.employee._esn_hours_per_day(), 7)
        self.cra._set_days({"2026-10-07": 1, "2026-10-08": 0.5})
        self.cra.action_submit()
        self.cra.with_user(self.manager).action_validate()
        self.assertEqual(self.cra.timesheet_ids.unit_amount, 1.5 * 7)
        hour = self.env.ref("uom.product_uom_hour")
        self.assertEqual(self.employee._esn_days_in_unit(1.5, hour), 10.5)

    def test_timesheet_week_dated_its_first_day_declared(self):
        self.cra._set_days({"2026-10-07": 1, "2026-10-08": 0.5, "2026-10-14": 1})
        self.cra.action_submit()
        self.cra.with_user(self.manager).action_validate()
        timesheets = self.cra.timesheet_ids.sorted("date")
        self.assertEqual(
            [(line.date, line.unit_amount, line.name) for line in timesheets],
            [
                (date(2026, 10, 7), 1.5 * 8, "CRA 2026-10, week 41"),
                (date(2026, 10, 14), 8, "CRA 2026-10, week 42"),
            ],
        )

    def test_timesheets_carry_each_consultant_cost(self):
        """Validated together, two consultants' lines get each their own cost, as Odoo computes a
        hand-written timesheet's."""
        self.employee.hourly_cost = 50
        second = self.env["hr.employee"].create({"name": "Costly Consultant", "hourly_cost": 70})
        mission = self.env["esn.mission"].create(
            {
                "partner_id": self.client.id,
                "employee_id": second.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "sell_rate": 600,
                "buy_rate": 300,
            }
        )
        mission.action_activate()
        other = self.env["esn.cra"]._generate_for(mission, "2026-10")
        reports = self._submitted() | self._submitted(other)
        reports.with_user(self.manager).action_validate()
        by_hand = self.env["account.analytic.line"].create(
            {
                "project_id": mission.project_id.id,
                "employee_id": second.id,
                "date": date(2026, 10, 31),
                "unit_amount": 4,
                "name": "Written by hand",
            }
        )
        self.assertEqual(by_hand.amount, -4 * 70)
        for cra, cost in ((self.cra, 50), (other, 70)):
            last_week = cra.timesheet_ids.filtered(lambda line: line.date == date(2026, 10, 26))
            self.assertEqual(last_week.amount, -4.5 * 8 * cost)
            self.assertEqual(sum(cra.timesheet_ids.mapped("amount")), -21.5 * 8 * cost)

    def test_hours_per_day_setting_for_consultants_without_a_schedule(self):
        self.env.company.esn_hours_per_day = 7
        self._submitted()
        self.cra.with_user(self.manager).action_validate()
        self.assertEqual(
            sum(self.cra.timesheet_ids.mapped("unit_amount")), 21.5 * 8, "the schedule's 8 hours"
        )
        company = self.env["res.company"].create({"name": "No Schedule ESN", "esn_hours_per_day": 6})
        company.resource_calendar_id = False
        flexible = self.env["hr.employee"].create(
            {"name": "Flexible", "company_id": company.id, "resource_calendar_id": False}
        )
        self.assertEqual(flexible._esn_hours_per_day(), 6)

    def test_reject_removes_exactly_its_timesheets(self):
        own_line = self.env["account.analytic.line"].create(
            {
                "project_id": self.mission.project_id.id,
                "employee_id": self.employee.id,
                "date": date(2026, 10, 5),
                "unit_amount": 2,
                "name": "Written by hand",
            }
        )
        self._submitted()
        self.cra.with_user(self.manager).action_validate()
        with self.assertRaisesRegex(ValidationError, "reason"):
            self.cra.with_user(self.manager).action_reject(" ")
        action = self.cra.with_user(self.manager).action_open_reject_wizard()
        wizard = self.env[action["res_model"]].with_user(self.manager).with_context(**action["context"])
        wizard.create({"reason": "30 October was off"}).action_confirm()
        self.assertEqual((self.cra.state, self.cra.reject_reason), ("rejected", "30 October was off"))
        self.assertFalse(self.cra.timesheet_ids)
        self.assertTrue(own_line.exists(), "a line the report did not write stays")
        self.assertTrue(self._mails("esn_cra.mail_template_cra_rejected"))
        # correct and resubmit
        self.cra._set_days({"2026-10-30": 0})
        self.cra.action_submit()
        self.cra.with_user(self.manager).action_validate()
        self.assertEqual(sum(self.cra.timesheet_ids.mapped("unit_amount")), 21 * 8)

    def test_validating_a_selection_validates_what_it_can_and_names_the_rest(self):
        self._submitted()
        draft = self.env["esn.cra"]._generate_for(self.mission, "2026-09")
        answer = (self.cra | draft).with_user(self.manager).action_validate_selection()
        self.assertEqual((self.cra.state, draft.state), ("validated", "draft"))
        message = answer["params"]["message"]
        self.assertIn("1 activity reports validated.", message)
        self.assertIn(f"Not validated: {draft.display_name}: Only submitted", message)
        self.assertEqual(
            (answer["params"]["type"], answer["params"]["next"]["tag"]), ("warning", "soft_reload")
        )
        with self.assertRaisesRegex(UserError, "Only submitted"):
            draft.with_user(self.manager).action_validate_selection()

    def test_rejecting_a_selection_rejects_what_it_can_and_names_the_rest(self):
        self._submitted()
        draft = self.env["esn.cra"]._generate_for(self.mission, "2026-09")
        selection = (self.cra | draft).with_user(self.manager)
        action = selection.action_open_reject_wizard()
        wizard = self.env[action["res_model"]].with_user(self.manager).with_context(**action["context"])
        answer = wizard.create({"reason": "Wrong client"}).action_confirm()
        self.assertEqual((self.cra.state, self.cra.reject_reason), ("rejected", "Wrong client"))
        self.assertEqual((draft.state, draft.reject_reason), ("draft", False))
        self.assertEqual(answer["params"]["title"], "Done for 1 of 2")
        self.assertIn(draft.display_name, answer["params"]["message"])
        self.assertIn("Only submitted or validated", answer["params"]["message"])
        self.assertEqual(answer["params"]["next"], {"type": "ir.actions.act_window_close"})

    def test_only_managers_validate(self):
        self._submitted()
        user = self.env["res.users"].create(
            {
                "name": "Plain ESN user",
                "login": "cra_plain_user",
                "groups_id": [(6, 0, [self.env.ref("esn_base.group_esn_user").id])],
            }
        )
        with self.assertRaises(AccessError):
            self.cra.with_user(user).action_validate()
        with self.assertRaisesRegex(UserError, "Only submitted"):
            self.env["esn.cra"]._generate_for(self.mission, "2026-09").with_user(
                self.manager
            ).action_validate()

    def test_the_account_manager_validates_and_rejects_his_missions_reports(self):
        """The to-do goes to the mission's account manager, an ESN user: he validates or rejects its
        reports, not another ESN user, nor his own declaration."""
        account_manager = new_test_user(self.env, "cra_account_manager", groups="esn_base.group_esn_user")
        colleague = new_test_user(self.env, "cra_colleague", groups="esn_base.group_esn_user")
        self.mission.user_id = account_manager
        self._submitted()
        self.assertTrue(self.cra.with_user(account_manager).can_validate)
        self.assertFalse(self.cra.with_user(colleague).can_validate)
        with self.assertRaisesRegex(AccessError, "account manager of a report's mission"):
            self.cra.with_user(colleague).action_validate()
        with self.assertRaises(AccessError):
            self.cra.with_user(colleague).action_reject("Not mine to say")
        self.assertEqual(self.cra.state, "submitted")
        self.cra.with_user(account_manager).action_reject("Wrong days")
        self.assertEqual((self.cra.state, self.cra.reject_reason), ("rejected", "Wrong days"))
        self._submitted()
        self.cra.with_user(account_manager).action_validate()
        self.assertEqual((self.cra.state, self.cra.validated_by_id), ("validated", account_manager))
        # the account manager who declares for the consultant does not validate his own days
        report = self.env["esn.cra"]._generate_for(self.mission, "2026-09")
        report._set_days({"2026-09-01": 1})
        report.action_submit()
        self.employee.esn_login_user_id = account_manager
        self.assertFalse(report.with_user(account_manager).can_validate)
        with self.assertRaises(AccessError):
            report.with_user(account_manager).action_validate()
        self.assertEqual(report.state, "submitted")

    def test_the_consultants_form_opens_their_missions_and_reports(self):
        employee = self.employee.with_user(self.manager)
        self.assertEqual(employee.esn_mission_count, 1)
        self.assertEqual(employee.esn_current_mission_id, self.mission, "active today")
        self.assertEqual(employee.esn_cra_count, 1)
        self.assertEqual(
            self.env["esn.mission"].search(employee.action_esn_view_missions()["domain"]), self.mission
        )
        self.assertEqual(self.env["esn.cra"].search(employee.action_esn_view_cras()["domain"]), self.cra)
        with freeze_time("2027-01-15"):
            self.employee.invalidate_recordset()
            self.assertFalse(employee.esn_current_mission_id, "the mission ended in 2026")

    def test_client_approval(self):
        self.assertEqual(self.cra.client_approval, "none")
        self.mission.write(
            {"client_approval_required": True, "client_validator_id": self.client_validator.id}
        )
        self.assertEqual(self.cra.client_approval, "upcoming", "to come, not 'not required'")
        self._submitted()
        self.assertEqual(self.cra.client_approval, "upcoming")
        self.cra.with_user(self.manager).action_validate()
        self.assertEqual((self.cra.state, self.cra.client_state), ("validated", "pending"))
        self.assertEqual(self.cra.client_approval, "pending")
        self.assertFalse(self.cra.timesheet_ids, "not before the client's approval")
        request = self.env["mail.mail"].search([("recipient_ids", "in", self.client_validator.ids)])
        self.assertEqual(len(request), 1)
        self.assertFalse(request.model, "the e-mail carrying the link stays out of the report's history")
        token = self.cra.sudo().client_token
        self.assertTrue(token)
        self.assertNotEqual(token, self.cra.access_token, "not the portal token the consultant sees")
        self.assertIn(f"/my/cra/{self.cra.id}/review?token={token}", request.body_html)
        self.assertNotIn(token, " ".join(self.cra.message_ids.mapped("body")))
        # as the e-mailed link does it: the public user, with the token
        public = self.cra.with_user(self.env.ref("base.public_user")).sudo()
        with self.assertRaisesRegex(ValidationError, "Sign to approve"):
            public._client_answer_by_token(token, "approved", "Paul Client", ip_address="127.0.0.1")
        public._client_answer_by_token(
            token, "approved", "Paul Client", ip_address="127.0.0.1", signature=SIGNATURE
        )
        self.assertEqual(
            (self.cra.client_state, self.cra.client_signatory, self.cra.client_ip),
            ("approved", "Paul Client", "127.0.0.1"),
        )
        self.assertTrue(self.cra.client_answered_on)
        self.assertFalse(self.cra.sudo().client_token, "the link cannot be used twice")
        self.assertTrue(self.cra._client_token_answered(token), "but it still shows the answer")
        self.assertEqual(len(self.cra.timesheet_ids), 5)
        with self.assertRaisesRegex(UserError, "do not await the client"):
            self.cra.with_user(self.manager).action_client_approve()

    def _require_client_approval(self):
        self.mission.write(
            {"client_approval_required": True, "client_validator_id": self.client_validator.id}
        )

    def test_client_validator_is_a_person_of_the_client(self):
        draft = self.env["esn.mission"].create(
            {
                "partner_id": self.client.id,
                "employee_id": self.employee.id,
                "date_start": date(2027, 1, 1),
                "date_end": date(2027, 3, 31),
                "sell_rate": 600,
                "client_validator_id": self.client_validator.id,
            }
        )
        draft.partner_id = self.env["res.partner"].create({"name": "Other Client", "is_company": True})
        self.assertFalse(draft.client_validator_id, "not a contact of the new client")
        with self.assertRaisesRegex(UserError, "is signed: cancel the mission"):
            self.mission.partner_id = draft.partner_id
        with self.assertRaisesRegex(ValidationError, "requires the client's approval.*Client Corp"):
            self.mission.client_approval_required = True
        for validator in (self.client, self.env["res.partner"].create({"name": "Someone Else"})):
            with (
                self.subTest(validator=validator.name),
                self.assertRaisesRegex(ValidationError, "must be a contact person of Client Corp"),
            ):
                self.mission.client_validator_id = validator
        self._require_client_approval()
        with self.assertRaisesRegex(ValidationError, "requires the client's approval"):
            self.mission.client_validator_id = False
        draft = self.env["esn.mission"].create(
            {
                "partner_id": self.client.id,
                "employee_id": self.env["hr.employee"].create({"name": "Second"}).id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "sell_rate": 600,
                "buy_rate": 300,
                "client_approval_required": True,
            }
        )
        with self.assertRaisesRegex(ValidationError, "requires the client's approval"):
            draft.action_activate()

    def test_client_attestation_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.cra._set_days({"2026-10-05": 1, "2026-10-06": 0.5})
        self.mission.title = "Lead Odoo"
        self.assertEqual(
            self.cra.with_context(lang="fr_FR")._client_attestation(),
            f"Je certifie que Cra Consultant a réalisé 1,5 jour(s) de travail au titre de la mission "
            f"{self.mission.name} – Lead Odoo pour Client Corp en octobre 2026.",
        )
        # on-call interventions and periods are certified with the days
        self.cra._set_days({"2026-10-10": {"quantity": 1, "on_call": True}})
        self.assertEqual((self.cra.total_days, self.cra.on_call_days), (2.5, 1))
        self.env["esn.mission.on.call.period"].create(
            {"mission_id": self.mission.id, "date_start": "2026-10-26", "date_end": "2026-11-01"}
        )
        self.cra.invalidate_recordset()
        self.assertIn(
            "Of these, 1 day(s) were on-call interventions or worked outside the working schedule. The "
            "consultant was on call for 1 period(s) starting this month.",
            self.cra._client_attestation(),
        )
        with self.assertRaisesRegex(
            ValidationError, "doit être une personne parmi les contacts de Client Corp"
        ):
            self.mission.with_context(lang="fr_FR").client_validator_id = self.client

    def test_manager_approves_on_the_clients_behalf(self):
        self._require_client_approval()
        self._submitted()
        self.cra.with_user(self.manager).action_validate()
        self.cra.with_user(self.manager).action_client_approve()
        self.assertEqual(self.cra.client_state, "approved")
        self.assertEqual(self.cra.client_answer_user_id, self.manager)
        self.assertIn("on behalf of the client", self.cra.client_signatory)

    def test_client_refusal_sends_back(self):
        self._require_client_approval()
        self._submitted()
        self.cra.with_user(self.manager).action_validate()
        with self.assertRaisesRegex(ValidationError, "reason"):
            self.cra.with_user(self.manager).action_client_refuse("")
        self.cra.with_user(self.manager).action_client_refuse("Wrong month")
        self.assertEqual((self.cra.state, self.cra.client_state), ("rejected", "refused"))
        self.assertIn("Wrong month", self.cra.reject_reason)

    def test_reminders_once_a_day(self):
        self.env.company.esn_cra_reminder_day = 3
        Cra = self.env["esn.cra"]
        Cra._cron_remind()
        Cra._cron_remind()
        self.assertEqual(len(self._mails("esn_cra.mail_template_cra_reminder")), 1)
        self.assertEqual(self.cra.last_reminder_date, TODAY)

    def test_pdf_report(self):
        self._submitted()
        self.cra.with_user(self.manager).action_validate()
        html = self.env["ir.actions.report"]._render_qweb_html("esn_cra.action_report_cra", self.cra.ids)[0]
        self.assertIn(b"Cra Consultant", html)
        self.assertIn(b"21.5", html)
        self.assertIn(b"cra_manager", html)
        self.assertIn(b"o_esn_cra_signature_boxes", html, "boxes to sign, blank until signed")
        # a whole month holds on one page
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("esn_cra.action_report_cra", self.cra.ids)
        )
        self.assertEqual(len(PdfReader(io.BytesIO(pdf)).pages), 1)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCraBatchValidation(CraCase):
    """Validating a batch costs a number of queries that does not grow per report beyond a small constant."""

    @classmethod
    def _batch(cls, count):
        employees = cls.env["hr.employee"].create([{"name": f"Batch {count}-{i}"} for i in range(count)])
        missions = cls.env["esn.mission"].create(
            [
                {
                    "partner_id": cls.client.id,
                    "employee_id": employee.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                    "sell_rate": 600,
                    "buy_rate": 300,
                }
                for employee in employees
            ]
        )
        missions.action_activate()
        cras = cls.env["esn.cra"].create(
            [{"mission_id": mission.id, "month": "2026-10"} for mission in missions]
        )
        for cra in cras:
            cra._set_days(cra._working_days_to_fill())
        cras.action_submit()
        return cras.with_user(cls.manager)

    def _validation_queries(self, cras):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        cras.action_validate()
        self.env.flush_all()
        return self.cr.sql_log_count - start

    def test_batch_of_500(self):
        self.drop_future_public_holidays()
        small = self._batch(50)
        large = self._batch(500)
        small_queries = self._validation_queries(small)
        large_queries = self._validation_queries(large)
        self.assertEqual(set(large.mapped("state")), {"validated"})
        self.assertEqual(len(large.timesheet_ids), 500 * 5)
        per_report = (large_queries - small_queries) / 450
        self.assertLessEqual(
            per_report,
            1,
            f"50 reports: {small_queries} queries, 500: {large_queries} ({per_report:.2f} per report)",
        )

    def _logging_queries(self, cras):
        """Validate `cras`, then count the queries of logging the tracked changes (at commit)."""
        cras.action_validate()
        self.env.flush_all()
        start = self.cr.sql_log_count
        self.cr.precommit.run()
        return self.cr.sql_log_count - start

    def test_batch_tracking_logged_together(self):
        """Each report of a batch logs its own tracking message, all created together: the queries
        of logging them do not grow with the batch (Odoo creates one message per report)."""
        self.drop_future_public_holidays()
        few, many = self._batch(5), self._batch(50)
        self.cr.precommit.run()  # the submissions' logs
        few_queries, many_queries = self._logging_queries(few), self._logging_queries(many)
        self.assertLessEqual(
            many_queries, few_queries + 5, f"5 reports: {few_queries} queries, 50: {many_queries}"
        )
        for cra in many:
            change = cra.message_ids.sudo().tracking_value_ids.filtered(
                lambda value: value.field_id.name == "state" and value.new_value_char == "Validated"
            )
            self.assertEqual(len(change), 1)
            self.assertEqual(change.old_value_char, "Submitted")
            log = change.mail_message_id
            self.assertEqual((log.model, log.res_id), ("esn.cra", cra.id))
            self.assertEqual(log.author_id, self.manager.partner_id)
            self.assertEqual(log.subtype_id, self.env.ref("mail.mt_note"))
            self.assertEqual(log.tracking_value_ids, change, "the report's own change only")
