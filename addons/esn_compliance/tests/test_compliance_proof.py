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

    def test_a_type_lengthened_brings_its_documents_back_at_once(self):
        extract = self.env["esn.compliance.document.type"].create(
            {"name": "Register Extract", "code": "test_register", "validity_months": 6}
        )
        document = self._document(self.freelance, extract, date(2026, 3, 1))  # until 2026-08-31
        self.assertEqual(document.state, "expired")
        extract.validity_months = 12
        self.assertEqual((document.expiry_date, document.state), (date(2027, 2, 28), "valid"))
