from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ComplianceCase

TODAY = date(2026, 11, 22)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestComplianceReminders(ComplianceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Reminder = cls.env["esn.compliance.reminder"]
        cls.template = cls.env.ref("esn_compliance.mail_template_compliance_reminder")
        cls.activity_type = cls.env.ref("esn_compliance.mail_activity_compliance")

    def _mails(self, partner):
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", partner.ids), ("model", "=", "res.partner")]
        )

    def _activities(self, partner):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    def test_run_twice_same_day_reminds_once(self):
        self._document(self.freelance, self.urssaf, TODAY - timedelta(days=170))  # expiring
        self.Reminder._cron_send()
        self.Reminder._cron_send()
        reminders = self.Reminder.search([("partner_id", "=", self.freelance.id)])
        self.assertEqual(
            sorted(reminders.mapped("reason")),
            ["expiring", "missing", "missing"],
            "one reminder per document type: attestation expiring, Kbis and RC Pro missing",
        )
        mails = self._mails(self.freelance)
        self.assertEqual(len(mails), 1)
        self.assertIn("/my/compliance", mails.body_html)
        self.assertIn("Kbis Extract: missing", mails.body_html)
        self.assertEqual(len(self._activities(self.freelance)), 1)

    def test_reminder_interval(self):
        self.env.company.esn_compliance_reminder_interval = 7
        self.Reminder._cron_send()
        with freeze_time(TODAY + timedelta(days=6)):
            self.Reminder._cron_send()
        self.assertEqual(len(self._mails(self.freelance)), 1)
        with freeze_time(TODAY + timedelta(days=7)):
            self.Reminder._cron_send()
        self.assertEqual(len(self._mails(self.freelance)), 2)
        self.assertEqual(len(self._activities(self.freelance)), 1, "the open activity is not duplicated")

    def test_compliant_contractor_not_reminded(self):
        self._make_compliant(self.freelance, TODAY)
        self.Reminder._cron_send()
        self.assertFalse(self._mails(self.freelance))
        self.assertFalse(self.Reminder.search([("partner_id", "=", self.freelance.id)]))

    def _population(self, count, tag):
        """`count` non-compliant contractors already reminded today, and 5 never reminded."""
        Partner = self.env["res.partner"]
        reminded = Partner.create(
            [{"name": f"{tag} reminded {i}", "esn_contractor_kind": "freelance"} for i in range(count)]
        )
        self.Reminder.create(
            [
                {"partner_id": partner.id, "type_id": doc_type.id, "reason": "missing", "date": TODAY}
                for partner in reminded
                for doc_type in self.urssaf | self.kbis | self.rc_pro
            ]
        )
        fresh = Partner.create(
            [
                {
                    "name": f"{tag} fresh {i}",
                    "esn_contractor_kind": "freelance",
                    "email": f"{tag}{i}@example.com",
                }
                for i in range(5)
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        return fresh

    def _queries_of_cron(self):
        start = self.cr.sql_log_count
        self.Reminder._cron_send()
        self.env.flush_all()
        return self.cr.sql_log_count - start

    def test_queries_bounded_over_2000_contractors(self):
        self._make_compliant(self.freelance, TODAY)
        fresh_small = self._population(200, "small")
        small = self._queries_of_cron()
        self.assertEqual(len(self.Reminder.search([("partner_id", "in", fresh_small.ids)])), 15)
        fresh_large = self._population(1800, "large")
        large = self._queries_of_cron()
        self.assertEqual(len(self.Reminder.search([("partner_id", "in", fresh_large.ids)])), 15)
        self.assertEqual(len(self._mails(fresh_large)), 5)
        # 2,000 contractors cost what 200 do, give or take a prefetch batch (1,000 records)
        self.assertLessEqual(large, small + 10, f"200 contractors: {small} queries, 2,000: {large}")

    def test_reminder_in_the_contractors_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"].search([("name", "=", "esn_compliance")])._update_translations(["fr_FR"])
        self.freelance.lang = "fr_FR"
        self.Reminder._cron_send()
        mail = self._mails(self.freelance)
        self.assertIn("documents de conformité à transmettre", mail.subject)
        self.assertIn("Déposer mes documents", mail.body_html)
        self.assertIn("Extrait Kbis : manquant", mail.body_html)
