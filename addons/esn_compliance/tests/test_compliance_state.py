from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import EXE, PNG, ComplianceCase

TODAY = date(2026, 11, 22)


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestComplianceState(ComplianceCase):
    def test_attestation_validity_boundaries(self):
        """Valid 6 months from the issue date: issued exactly 6 months ago, it expired yesterday."""
        exactly = self._document(self.freelance, self.urssaf, date(2026, 5, 22))
        day_before = self._document(self.freelance, self.urssaf, date(2026, 5, 21))
        day_after = self._document(self.freelance, self.urssaf, date(2026, 5, 23))
        self.assertEqual(exactly.expiry_date, date(2026, 11, 21))
        self.assertEqual(exactly.state, "expired")
        self.assertEqual(day_before.state, "expired")
        self.assertEqual(day_after.expiry_date, date(2026, 11, 22))
        self.assertEqual(
            day_after.state, "expiring", "still valid on its last day, within the reminder window"
        )

    def test_reminder_window_boundaries(self):
        # reminder window: 30 days before the last valid day
        in_window = self._document(self.freelance, self.urssaf, date(2026, 6, 22))  # valid until 2026-12-21
        out_of_window = self._document(self.freelance, self.urssaf, date(2026, 6, 24))  # until 2026-12-23
        self.assertEqual(in_window.state, "expiring")
        self.assertEqual(out_of_window.state, "valid")

    def test_states_move_with_the_days(self):
        document = self._document(self.freelance, self.urssaf, date(2026, 11, 1))  # until 2027-04-30
        self.assertEqual(document.state, "valid")
        with freeze_time(date(2027, 4, 1)):
            self.Document._refresh_states()
            self.assertEqual(document.state, "expiring")
        with freeze_time(date(2027, 5, 1)):
            self.Document._refresh_states()
            self.assertEqual(document.state, "expired")

    def test_partner_state(self):
        partner = self.freelance
        self.assertEqual(partner.esn_compliance_state, "non_compliant")
        self.assertEqual(partner.esn_compliance_issue_type_ids, self.urssaf | self.kbis | self.rc_pro)
        self._document(partner, self.urssaf, date(2026, 11, 1))
        self._document(partner, self.rc_pro, date(2026, 1, 1), date(2027, 6, 30))
        self.assertEqual(partner.esn_compliance_state, "non_compliant")
        self.assertEqual(partner.esn_compliance_issue_type_ids, self.kbis)
        self.assertIn("Kbis Extract: missing", partner.esn_compliance_issues)
        kbis = self._document(partner, self.kbis, date(2026, 6, 1))  # 6 months: until 2026-11-30
        self.assertEqual(kbis.state, "expiring")
        self.env["res.lang"]._activate_lang("fr_FR")
        self.assertIn("expires on 11/30/2026", partner.esn_compliance_issues)
        self.assertIn("30/11/2026", partner.with_context(lang="fr_FR").esn_compliance_issues, "a French date")
        self.assertEqual(partner.esn_compliance_state, "expiring")
        self.assertEqual(partner.esn_compliance_next_expiry, date(2026, 11, 30))
        self._document(partner, self.kbis, date(2026, 11, 20))
        self.assertEqual(partner.esn_compliance_state, "compliant")
        self.assertFalse(partner.esn_compliance_issue_type_ids)
        # searchable and groupable
        Partner = self.env["res.partner"]
        self.assertIn(partner, Partner.search([("esn_compliance_state", "=", "compliant")]))
        groups = Partner._read_group([("id", "=", partner.id)], ["esn_compliance_state"], ["__count"])
        self.assertEqual(groups, [("compliant", 1)])

    def test_pending_and_rejected_documents_do_not_count(self):
        document = self._document(self.freelance, self.urssaf, date(2026, 11, 1), accepted=False)
        self.assertEqual(document.state, "pending")
        self.assertIn(self.urssaf, self.freelance.esn_compliance_issue_type_ids)
        document.action_reject("Blurred scan")
        self.assertEqual(document.state, "rejected")
        self.assertEqual(document.reject_reason, "Blurred scan")
        self.assertIn(self.urssaf, self.freelance.esn_compliance_issue_type_ids)

    def test_required_kinds_are_data(self):
        portage = self.env["res.partner"].create({"name": "Portage Co", "esn_contractor_kind": "portage"})
        self.assertIn(self.foreign_workers, portage.esn_compliance_issue_type_ids)
        self.assertNotIn(self.foreign_workers, self.freelance.esn_compliance_issue_type_ids)
        self.foreign_workers.required_portage = False
        self.assertNotIn(self.foreign_workers, portage.esn_compliance_issue_type_ids)

    def test_non_contractor_has_no_state(self):
        client = self.env["res.partner"].create({"name": "A client"})
        self.assertFalse(client.esn_compliance_state)

    def test_bad_uploads_store_nothing(self):
        count = self.Document.search_count([])
        cases = [
            ({"content": EXE}, "is not a PDF, PNG or JPEG"),
            ({"content": b"%PDF-1.4" + b"0" * (10 * 1024 * 1024)}, "larger than 10 MB"),
        ]
        for kwargs, message in cases:
            with self.subTest(message=message), self.assertRaisesRegex(ValidationError, message):
                self._document(self.freelance, self.kbis, date(2026, 11, 1), accepted=False, **kwargs)
        with self.assertRaisesRegex(ValidationError, "is in the future"):
            self._document(self.freelance, self.kbis, date(2026, 11, 23), accepted=False)
        with self.assertRaisesRegex(ValidationError, "Enter the end date"):
            self._document(self.freelance, self.rc_pro, date(2026, 11, 1), accepted=False)
        with self.assertRaisesRegex(ValidationError, "before it was issued"):
            self._document(self.freelance, self.rc_pro, date(2026, 11, 1), date(2026, 10, 1), accepted=False)
        with self.assertRaisesRegex(ValidationError, "needs its verification code"):
            self._document(
                self.freelance, self.urssaf, date(2026, 11, 1), accepted=False, verification_code=""
            )
        self.assertEqual(self.Document.search_count([]), count)
        self.assertEqual(self._document(self.freelance, self.kbis, TODAY, content=PNG).mimetype, "image/png")

    def test_urssaf_code_format_and_check_before_validation(self):
        for code in ("X", "ABCDEF12345678", "ABCDEF1234567890", "ABCDEF12345678?"):
            with (
                self.subTest(code=code),
                self.assertRaisesRegex(ValidationError, "is not the verification code"),
            ):
                self._document(
                    self.freelance, self.urssaf, date(2026, 11, 1), accepted=False, verification_code=code
                )
        document = self._document(
            self.freelance,
            self.urssaf,
            date(2026, 11, 1),
            accepted=False,
            verification_code="abcd efgh 1234 567",
        )
        self.assertEqual(document.verification_code, "ABCDEFGH1234567", "as URSSAF prints it")
        self.assertIn("urssaf.fr", document.verification_url)
        with self.assertRaisesRegex(UserError, "Check the verification code"):
            document.action_validate()
        self.assertEqual(document.review_state, "pending")
        reviewer = new_test_user(self.env, "code_reviewer", groups="esn_base.group_esn_user")
        document.with_user(reviewer).action_check_code()
        self.assertEqual(document.code_checked_by_id, reviewer)
        self.assertEqual(document.code_checked_on.date(), TODAY)
        with self.assertRaisesRegex(UserError, "action_check_code"):
            document.with_user(reviewer).write({"code_checked_by_id": self.env.uid})
        # a corrected code is checked again
        document.verification_code = "ABCDEFGH1234568"
        self.assertFalse(document.code_checked_on)
        document.with_user(reviewer).action_check_code()
        document.with_user(reviewer).action_validate()
        self.assertEqual(document.state, "valid")
        with self.assertRaisesRegex(UserError, "no verification code"):
            self._document(self.freelance, self.kbis, date(2026, 11, 1), accepted=False).action_check_code()

    def test_review_rights(self):
        document = self._document(self.freelance, self.urssaf, date(2026, 11, 1), accepted=False)
        with self.assertRaisesRegex(ValidationError, "reason"):
            document.action_reject("  ")
        portal = new_test_user(self.env, "portal_reviewer", groups="base.group_portal")
        with self.assertRaises(AccessError):
            document.with_user(portal).action_validate()
        self.assertEqual(document.state, "pending")

    def test_reject_through_the_reason_wizard(self):
        document = self._document(self.freelance, self.urssaf, date(2026, 11, 1), accepted=False)
        action = document.action_open_reject_wizard()
        wizard = (
            self.env[action["res_model"]].with_context(**action["context"]).create({"reason": "Blurred scan"})
        )
        wizard.action_confirm()
        self.assertEqual((document.state, document.reject_reason), ("rejected", "Blurred scan"))
        wrong = self.env["esn.reason.wizard"].create(
            {"res_model": document._name, "res_ids": document.ids, "method": "unlink", "reason": "x"}
        )
        with self.assertRaisesRegex(UserError, "cannot be called from this wizard"):
            wrong.action_confirm()
        self.assertTrue(document.exists())

    def test_state_and_validity_change_only_through_the_review(self):
        """The attack seen: an ESN user marking an expired attestation valid, or moving its end date."""
        esn_user = new_test_user(self.env, "doc_esn_user", groups="esn_base.group_esn_user")
        expired = self._document(self.freelance, self.urssaf, date(2026, 1, 5))
        self.assertEqual(expired.state, "expired")
        for forged in (
            {"state": "valid"},
            {"review_state": "accepted"},
            {"expiry_date": date(2028, 12, 31)},
            {"stated_expiry_date": date(2028, 12, 31)},
            {"issue_date": date(2026, 11, 1)},
            {"reviewed_by_id": esn_user.id},
            {"mimetype": "application/pdf"},
        ):
            with self.subTest(forged=forged), self.assertRaises(UserError):
                expired.with_user(esn_user).write(forged)
        with self.assertRaises(UserError):
            self.Document.with_user(esn_user).create(
                {**self._document_values(self.freelance, self.urssaf, date(2026, 11, 1)), "state": "valid"}
            )
        expired.invalidate_recordset()
        self.assertEqual((expired.state, expired.expiry_date), ("expired", date(2026, 7, 4)))
        self.assertEqual(self.freelance.esn_compliance_state, "non_compliant")

    def test_attestation_lasts_six_months_whatever_it_states(self):
        typed = self._document(self.freelance, self.urssaf, date(2026, 3, 1), date(2028, 12, 31))
        self.assertEqual(typed.expiry_date, date(2026, 8, 31), "issue date + 6 months, D8222-5")
        self.assertEqual(typed.stated_expiry_date, date(2028, 12, 31), "what was typed is kept")
        shorter = self._document(self.freelance, self.urssaf, date(2026, 11, 1), date(2026, 12, 31))
        self.assertEqual(shorter.expiry_date, date(2026, 12, 31), "an earlier stated end stands")
        insurance = self._document(self.freelance, self.rc_pro, date(2026, 1, 1), date(2027, 6, 30))
        self.assertEqual(insurance.expiry_date, date(2027, 6, 30), "no validity months: the stated end")

    def test_a_pending_document_can_be_corrected_before_review(self):
        document = self._document(
            self.freelance, self.rc_pro, date(2026, 1, 1), date(2027, 6, 30), accepted=False
        )
        document.write({"stated_expiry_date": date(2027, 7, 31)})
        self.assertEqual(document.expiry_date, date(2027, 7, 31))
        document.action_validate()
        with self.assertRaisesRegex(UserError, "already reviewed"):
            document.write({"stated_expiry_date": date(2029, 1, 1)})
        self.assertEqual(document.expiry_date, date(2027, 7, 31))
