from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import MonthEndCase


@tagged("post_install", "-at_install")
@freeze_time(date(2026, 11, 22))
class TestMonthEndJobs(MonthEndCase):
    """Beyond a job's worth of records, the month end runs in background jobs on root.esn, each
    doing only what is still to do: run again, they create nothing twice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("esn_month_end.job_size", 3)
        cls.clients = cls.env["res.partner"].create(
            [
                {
                    "name": f"Jobs client {index}",
                    "is_company": True,
                    "siret": siret,
                    "country_id": cls.client.country_id.id,
                }
                for index, siret in enumerate(("40483304800014", "51234567900017", "62345678700018"))
            ]
        )
        cls.missions = cls.env["esn.mission"]
        for index in range(7):
            mission = cls._mission(
                cls.env["hr.employee"].create({"name": f"Jobs consultant {index}"}),
                partner_id=cls.clients[0 if index < 4 else index % 3].id,
            )
            cls.missions |= mission
        cls.reports = cls.env["esn.cra"].search(
            [("mission_id", "in", cls.missions.ids), ("month", "=", "2026-10")]
        )

    def _submitted(self):
        cras = self.env["esn.cra"]
        for mission in self.missions:
            cras |= cras.browse(cras.set_days(mission.name, "2026-10", {"2026-10-05": 1, "2026-10-06": 0.5}))
        cras.action_submit()
        return cras

    def test_generation_of_the_month_in_jobs(self):
        active = self.env["esn.mission"].search(
            [("state", "=", "active"), ("date_start", "<=", "2026-11-30"), ("date_end", ">=", "2026-11-01")]
        )
        missing = len(active - self.env["esn.cra"].search([("month", "=", "2026-11")]).mission_id)
        self.env["esn.cra"]._cron_generate("2026-11")
        generate = self._jobs()
        self.assertEqual(len(generate), -(-missing // 3) + 1, "3 missions per job, and the one that tells")
        self.assertEqual(set(generate.mapped("channel")), {"root.esn"})
        self._run_jobs()
        self.assertEqual(
            self.env["esn.cra"].search_count(
                [("mission_id", "in", self.missions.ids), ("month", "=", "2026-11")]
            ),
            7,
        )
        # the same jobs run again (a retry after a crash): nothing more
        for job in generate.filtered(lambda job: job.method_name == "_job_generate_reports"):
            job.records._job_generate_reports("2026-11")
        self.assertEqual(
            self.env["esn.cra"].search_count(
                [("mission_id", "in", self.missions.ids), ("month", "=", "2026-11")]
            ),
            7,
        )

    def test_validate_and_invoice_in_jobs_once(self):
        cras = self._submitted().with_user(self.manager)
        action = cras.action_validate_in_background()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(set(cras.mapped("state")), {"submitted"}, "queued, not done yet")
        queued = self._jobs()
        self.assertEqual(len(queued), 4, "3 jobs of at most 3 reports, and the one that tells the manager")
        # a second click before they ran queues nothing more
        again = cras.action_validate_in_background()
        self.assertIn("already queued", again["params"]["message"])
        self.assertEqual(self._jobs(), queued)
        self.assertEqual(set(queued.mapped("user_id")), {self.manager})
        ran = self._run_jobs()
        self.assertEqual(set(ran.mapped("state")), {"done"})
        self.assertEqual(set(cras.mapped("state")), {"validated"})
        self.assertEqual(len(cras.timesheet_ids), 7)
        # a validation job run again changes nothing
        cras[:3]._job_validate()
        self.assertEqual(len(cras.timesheet_ids), 7)

        cras.action_open_invoices()
        invoice_jobs = self._jobs().filtered(lambda job: job.method_name == "_job_create_invoices")
        # the four reports of client 0 make one invoice: they stay in one job, whatever its size
        for job in invoice_jobs:
            partners = job.records.mapped("partner_id")
            self.assertTrue(
                self.clients[0] not in partners
                or job.records >= cras.filtered(lambda c: c.partner_id == self.clients[0])
            )
        self._run_jobs()
        invoices = cras.invoice_ids
        self.assertEqual(len(invoices), 3, "one invoice per client and month")
        self.assertEqual(set(cras.mapped("state")), {"invoiced"})
        for job in invoice_jobs:
            job.records._job_create_invoices()
        self.assertEqual(cras.invoice_ids, invoices, "run again: nothing billed twice")

        invoices.write({"invoice_date": date(2026, 10, 31), "partner_bank_id": self.bank.id})
        self.env["ir.config_parameter"].sudo().set_param("esn_month_end.job_size", 2)
        # one client lost its SIRET: its invoice cannot be posted, the others of its job still are
        blocked = invoices.sorted("id")[0]
        blocked.partner_id.siret = False
        invoices.action_esn_post_in_background()
        posting = self._jobs().filtered(lambda job: job.method_name == "_job_post")
        first = posting.filtered(lambda job: job.state == "pending")
        second = posting - first
        # one journal's postings in turn: Odoo numbers its entries under a lock held to the commit
        self.assertEqual((len(first), second.state), (1, "wait_dependencies"))
        self.assertEqual(second.dependencies["depends_on"], [first.uuid])
        ran = self._run_jobs()
        self.assertEqual(len(ran), 3, "2 posting jobs, and the one that tells")
        self.assertEqual(set(ran.mapped("state")), {"done"})
        self.assertEqual(set((invoices - blocked).mapped("state")), {"posted"})
        self.assertEqual(blocked.state, "draft")
        self.assertIn("Not posted by the month end", blocked.message_ids[0].body)
        self.assertIn(blocked.display_name, " ".join(ran.mapped("result")), "the job list names it")

    def test_small_selection_at_once_and_rights(self):
        cras = self._submitted()
        self.assertTrue(cras[:3].with_user(self.manager).action_validate_in_background())
        self.assertEqual(set(cras[:3].mapped("state")), {"validated"})
        self.assertFalse(self._jobs(), "a job's worth runs at once")
        user = new_test_user(self.env, "jobs_esn_user", groups="esn_base.group_esn_user")
        with self.assertRaises(AccessError):
            cras[3:].with_user(user).action_validate_in_background()
        self.assertFalse(self._jobs())
        self.assertEqual(set(cras[3:].mapped("state")), {"submitted"})
        with self.assertRaises(AccessError):
            cras.with_user(user).action_open_invoices()
        self.assertFalse(self._jobs(), "nothing queued for a user who may not invoice")
        # the manager follows the month end's jobs, not the others
        other = self.env["res.partner"].with_delay(channel="root").create({"name": "Not the ESN's"})
        self.assertTrue(other)
        visible = self.env["queue.job"].with_user(self.manager).search([])
        self.assertFalse(visible.filtered(lambda job: not job.channel.startswith("root.esn")))
        # a selection with reports not submitted: the submitted one is validated, the others named
        cras[3].with_user(self.manager).action_reject("Wrong days")
        action = cras[2:5].with_user(self.manager).action_validate_in_background()
        self.assertEqual(cras[2:5].mapped("state"), ["validated", "rejected", "validated"])
        self.assertIn("1 activity reports validated", action["params"]["message"])
        self.assertIn(cras[3].display_name, action["params"]["message"])
        self.assertEqual(action["params"]["next"]["tag"], "soft_reload")
        with self.assertRaisesRegex(UserError, "nothing to validate"):
            cras[2:4].with_user(self.manager).action_validate_in_background()
        # one refused among the submitted (its mission cancelled meanwhile): the others validated
        cras[5].mission_id.action_cancel()
        action = cras[5:7].with_user(self.manager).action_validate_in_background()
        self.assertEqual(cras[5:7].mapped("state"), ["submitted", "validated"])
        self.assertIn("1 activity reports validated", action["params"]["message"])
        self.assertIn(f"Not validated: {cras[5].display_name}: Mission", action["params"]["message"])

    def test_a_small_posting_at_once_does_what_a_job_does(self):
        """Under a job's worth, posting runs the job's code at once: the blocked invoice stays in
        draft with its reason, the others are posted, and the user is told which one."""
        submitted = self._submitted()
        other = submitted.filtered(lambda cra: cra.partner_id == self.clients[1])
        cras = submitted[:2] | other
        cras.with_user(self.manager).action_validate_in_background()
        cras.with_user(self.manager).action_create_invoices()
        invoices = cras.invoice_ids
        self.assertEqual(len(invoices), 2, "one invoice per client")
        invoices.write({"invoice_date": date(2026, 10, 31), "partner_bank_id": self.bank.id})
        blocked = other.invoice_ids
        blocked.partner_id.siret = False
        action = invoices.with_user(self.manager).action_esn_post_in_background()
        self.assertFalse(self._jobs(), "a job's worth runs at once")
        self.assertEqual((invoices - blocked).state, "posted")
        self.assertEqual(blocked.state, "draft")
        self.assertIn("Not posted by the month end", blocked.message_ids[0].body)
        self.assertIn("1 invoices and bills posted", action["params"]["message"])
        self.assertIn(blocked.display_name, action["params"]["message"])
        with self.assertRaisesRegex(UserError, "nothing to post"):
            (invoices - blocked).with_user(self.manager).action_esn_post_in_background()

    def test_a_posting_none_refuses_posts_them_together(self):
        """A job's moves are posted in one batch when none of them is refused; when one is, the
        batch is undone and the others are posted each on its own, once."""
        submitted = self._submitted()
        cras = submitted[:2] | submitted.filtered(lambda cra: cra.partner_id in self.clients[1:])
        cras.with_user(self.manager).action_validate()
        cras.with_user(self.manager).action_create_invoices()
        invoices = cras.invoice_ids.sorted("id")
        self.assertEqual(len(invoices), 3, "one invoice per client")
        invoices.write({"invoice_date": date(2026, 10, 31), "partner_bank_id": self.bank.id})
        self.assertEqual(invoices[:2]._esn_post_each(), invoices[:2])
        self.assertEqual(invoices[:2].mapped("state"), ["posted", "posted"])
        # the last one refused: nothing of the batch kept, each of the others posted once
        refused = invoices[2]
        refused.partner_id.siret = False
        invoices[:2].button_draft()
        self.assertEqual(invoices._esn_post_each(), invoices[:2])
        self.assertEqual(invoices.mapped("state"), ["posted", "posted", "draft"])
        failures = invoices.message_ids.filtered(lambda msg: "Not posted by the month end" in msg.body)
        self.assertEqual(failures.mapped("res_id"), [refused.id])

    def test_an_account_manager_validates_his_reports_of_a_selection(self):
        account_manager = new_test_user(self.env, "jobs_account_manager", groups="esn_base.group_esn_user")
        cras = self._submitted()[:3]
        cras[:2].mission_id.user_id = account_manager
        action = cras.with_user(account_manager).action_validate_in_background()
        self.assertEqual(cras.mapped("state"), ["validated", "validated", "submitted"])
        self.assertIn("2 activity reports validated", action["params"]["message"])
        self.assertIn(
            f"not yours to validate, left as they are: {cras[2].display_name}", action["params"]["message"]
        )
        with self.assertRaises(AccessError):
            cras[2].with_user(account_manager).action_validate_in_background()
        self.assertEqual(cras[2].state, "submitted")
