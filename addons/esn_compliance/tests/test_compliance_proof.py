import base64
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PDF, ComplianceCase


@tagged("post_install", "-at_install")
@freeze_time(date(2026, 11, 22))
class TestComplianceProof(ComplianceCase):
    """What an URSSAF inspector is shown: the documents the law asks of each contractor, kept."""

    def test_a_foreign_contractor_is_made_compliant_with_its_own_documents(self):
        german = self.env["res.partner"].create(
            {
                "name": "Rhein Software GmbH",
                "is_company": True,
                "esn_contractor_kind": "subcontractor",
                "country_id": self.env.ref("base.de").id,
            }
        )
        social = self.env.ref("esn_compliance.document_type_foreign_social_security")
        registration = self.env.ref("esn_compliance.document_type_foreign_registration")
        posting = self.env.ref("esn_compliance.document_type_posting_declaration")
        self.assertEqual(german.esn_compliance_issue_type_ids, social | registration | posting)
        self.assertNotIn(self.urssaf, german.esn_compliance_issue_type_ids, "no French URSSAF code abroad")
        certificate = self._document(
            german, social, date(2026, 11, 2), accepted=False, translation_file=False
        )
        with self.assertRaisesRegex(UserError, "Attach the French translation"):
            certificate.action_validate()
        certificate.translation_file = base64.b64encode(PDF)
        certificate.action_validate()
        self._document(german, registration, date(2026, 11, 2), translation_file=base64.b64encode(PDF))
        self._document(
            german, posting, date(2026, 11, 10), date(2027, 3, 31), verification_code="SIPSI-2026-4471"
        )
        self.assertEqual(german.esn_compliance_state, "compliant")
        # the same contractor in France owes the French documents
        german.country_id = self.env.ref("base.fr")
        self.assertEqual(german.esn_compliance_state, "non_compliant")
        self.assertIn(self.urssaf, german.esn_compliance_issue_type_ids)

    def test_a_portage_company_shows_its_financial_guarantee(self):
        portage = self.env["res.partner"].create(
            {"name": "Portage Co", "is_company": True, "esn_contractor_kind": "portage"}
        )
        guarantee = self.env.ref("esn_compliance.document_type_portage_guarantee")
        self.assertIn(guarantee, portage.esn_compliance_issue_type_ids)
        self.assertNotIn(guarantee, self.freelance.esn_compliance_issue_type_ids, "portage companies only")
        self._make_compliant(portage, date(2026, 11, 2))
        self.assertEqual(portage.esn_compliance_state, "compliant")

    def test_a_contractual_document_warns_without_blocking(self):
        self.rc_pro.legal_requirement = False  # as the module ships it
        self._document(self.freelance, self.urssaf, date(2026, 11, 1))
        self._document(self.freelance, self.kbis, date(2026, 11, 1))
        self.assertEqual(self.freelance.esn_compliance_state, "expiring", "the RC Pro only is missing")
        self.assertIn("Professional Liability Insurance: missing", self.freelance.esn_compliance_issues)
        self.env.company.esn_compliance_enforcement = "block"
        self.assertTrue(self.freelance._esn_check_compliance(self.freelance, "action_activate"))
        self.rc_pro.legal_requirement = True
        self.assertEqual(self.freelance.esn_compliance_state, "non_compliant")

    def test_a_reviewed_document_is_archived_never_deleted(self):
        document = self._document(self.freelance, self.urssaf, date(2026, 11, 1))
        for user in (self.env.ref("base.user_admin"), self.env.ref("base.user_root")):
            with self.assertRaisesRegex(UserError, "cannot be deleted. Archive it instead"):
                document.with_user(user).unlink()
        self.assertIn(self.urssaf, self.freelance.esn_compliance_document_ids.type_id)
        document.action_archive()
        self.assertIn(self.urssaf, self.freelance.esn_compliance_issue_type_ids, "withdrawn: missing again")
        self.assertTrue(document.exists())
        pending = self._document(self.freelance, self.kbis, date(2026, 11, 1), accepted=False)
        pending.unlink()  # a mistaken upload, never reviewed

    def test_an_attestation_code_of_another_contractor_is_a_copy(self):
        self._document(self.freelance, self.urssaf, date(2026, 11, 1), verification_code="ABCDEFGH1234567")
        other = self.freelance.copy({"name": "Other EI"})
        copy = self._document(
            other, self.urssaf, date(2026, 11, 1), accepted=False, verification_code="abcd efgh 1234 567"
        )
        self.assertIn("already on the document of Freelance Test EI", copy.message_ids[0].body)
        copy.action_check_code()
        with self.assertRaisesRegex(UserError, "this one is a copy"):
            copy.action_validate()
        self.assertEqual(copy.review_state, "pending")

    def test_a_code_reused_within_one_batch_is_flagged_on_each_copy(self):
        other = self.freelance.copy({"name": "Other EI"})
        third = self.freelance.copy({"name": "Third EI"})
        documents = self.Document.create(
            [
                self._document_values(partner, self.urssaf, date(2026, 11, 1), verification_code=code)
                for partner, code in (
                    (self.freelance, "SAMECODE1234567"),
                    (other, "samecode 1234567"),
                    (third, "OWNCODE12345678"),
                )
            ]
        )
        mine, theirs, own = documents

        def flags(document):
            return [body for body in document.message_ids.mapped("body") if "already on the document" in body]

        self.assertIn("Other EI", flags(mine)[0])
        self.assertIn("Freelance Test EI", flags(theirs)[0])
        self.assertFalse(flags(own))
        documents.action_check_code()
        with self.assertRaisesRegex(
            UserError, "SAMECODE1234567 of .* is already on the document of Other EI"
        ):
            documents.action_validate()
        self.assertEqual(set(documents.mapped("review_state")), {"pending"})
        own.action_validate()
        self.assertEqual(own.review_state, "accepted")

    def test_a_type_lengthened_brings_its_documents_back_at_once(self):
        extract = self.env["esn.compliance.document.type"].create(
            {"name": "Register Extract", "code": "test_register", "validity_months": 6}
        )
        document = self._document(self.freelance, extract, date(2026, 3, 1))  # until 2026-08-31
        self.assertEqual(document.state, "expired")
        extract.validity_months = 12
        self.assertEqual((document.expiry_date, document.state), (date(2027, 2, 28), "valid"))

    def _upload_and_validate(self, per_contractor, tag):
        """The queries of uploading at once `per_contractor` attestations (each with its own code) for
        each of 5 new contractors, then of validating them at once."""
        contractors = self.env["res.partner"].create(
            [
                {"name": f"{tag} EI {i}", "is_company": True, "esn_contractor_kind": "freelance"}
                for i in range(5)
            ]
        )
        values = [
            self._document_values(
                contractor,
                self.urssaf,
                date(2026, 11, 1),
                verification_code=f"{tag[:4].upper()}{n:04d}C{i:06d}",
            )
            for n, contractor in enumerate(contractors)
            for i in range(per_contractor)
        ]
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        documents = self.Document.create(values)
        self.env.flush_all()
        uploaded = self.cr.sql_log_count - start
        documents.action_check_code()
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        documents.action_validate()
        self.env.flush_all()
        validated = self.cr.sql_log_count - start
        self.assertEqual(set(documents.mapped("review_state")), {"accepted"})
        self.assertEqual(
            set(contractors.mapped("esn_compliance_state")), {"non_compliant"}, "the Kbis missing"
        )
        return uploaded, validated

    def test_codes_are_looked_up_once_per_batch(self):
        """Whether a code is already another contractor's is looked up once for a whole batch."""
        small = self._upload_and_validate(1, "Small")
        large = self._upload_and_validate(10, "Large")
        for step, few, many in zip(("upload", "validation"), small, large, strict=True):
            # one search per document made it 40 queries more: a few cache misses aside, the same
            self.assertLessEqual(many, few + 5, f"{step}: 5 documents in {few} queries, 50 in {many}")
