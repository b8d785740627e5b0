import base64
import os
import re
from datetime import date

from freezegun import freeze_time

from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from odoo.addons.esn_base.tests.common import EsnTestMixin

from .common import EXE, PDF

TODAY = date(2026, 11, 22)


@freeze_time(TODAY)
@tagged("post_install", "-at_install")
class TestCompliancePortal(EsnTestMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.urssaf = cls.env.ref("esn_compliance.document_type_urssaf_vigilance")
        cls.kbis = cls.env.ref("esn_compliance.document_type_kbis")
        cls.rc_pro = cls.env.ref("esn_compliance.document_type_rc_pro")
        cls.company_a = Partner.create(
            {"name": "Alpha Sub", "is_company": True, "esn_contractor_kind": "subcontractor"}
        )
        cls.company_b = Partner.create(
            {"name": "Beta Sub", "is_company": True, "esn_contractor_kind": "subcontractor"}
        )
        contact_a = Partner.create(
            {"name": "Alice Alpha", "parent_id": cls.company_a.id, "email": "alice@alpha.example"}
        )
        cls.portal_a = new_test_user(
            cls.env, "portal_alpha", groups="base.group_portal", partner_id=contact_a.id
        )
        cls.doc_b = cls.env["esn.compliance.document"].create(
            {
                "partner_id": cls.company_b.id,
                "type_id": cls.kbis.id,
                "issue_date": TODAY,
                "file": base64.b64encode(PDF),
                "file_name": "beta_kbis.pdf",
            }
        )
        cls.doc_a = cls.env["esn.compliance.document"].create(
            {
                "partner_id": cls.company_a.id,
                "type_id": cls.kbis.id,
                "issue_date": TODAY,
                "file": base64.b64encode(PDF),
                "file_name": "alpha_kbis.pdf",
            }
        )

    def _csrf(self):
        page = self.url_open("/my/compliance")
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _upload(self, content=PDF, filename="kbis.pdf", doc_type=None, issue_date=None, **extra):
        data = {
            "csrf_token": self._csrf(),
            "type_id": (doc_type or self.kbis).id,
            "issue_date": (issue_date or TODAY).isoformat(),
            **extra,
        }
        return self.url_open(
            "/my/compliance/upload", data=data, files={"file": (filename, content, "application/pdf")}
        )

    def _documents_of(self, partner):
        return self.env["esn.compliance.document"].search([("partner_id", "=", partner.id)])

    def test_portal_page_lists_required_documents(self):
        self.authenticate("portal_alpha", "portal_alpha")
        page = self.url_open("/my/compliance")
        self.assertIn("Alpha Sub", page.text)
        self.assertIn(self.urssaf.name, page.text)
        self.assertIn(
            "alpha", self.url_open(f"/my/compliance/document/{self.doc_a.id}").headers["Content-Disposition"]
        )
        home = self.url_open("/my/home")
        self.assertIn("/my/compliance", home.text)

    def test_upload_creates_pending_document(self):
        self.authenticate("portal_alpha", "portal_alpha")
        response = self._upload(doc_type=self.rc_pro, expiry_date="2030-01-31")
        self.assertIn("Document sent", response.text)
        document = self._documents_of(self.company_a).filtered(lambda d: d.type_id == self.rc_pro)
        self.assertEqual(len(document), 1)
        self.assertEqual(document.state, "pending")
        self.assertEqual(document.expiry_date, date(2030, 1, 31))
        self.assertEqual(base64.b64decode(document.file), PDF)

    def test_upload_asks_the_contractors_responsible_to_review(self):
        reviewer = new_test_user(self.env, "compliance_reviewer", groups="esn_base.group_esn_user")
        self.company_a.user_id = reviewer
        self.authenticate("portal_alpha", "portal_alpha")
        self._upload(doc_type=self.rc_pro, expiry_date="2030-01-31")
        document = self._documents_of(self.company_a).filtered(lambda d: d.type_id == self.rc_pro)
        review = self.env.ref("esn_compliance.mail_activity_document_review")
        activity = document.activity_ids.filtered(lambda a: a.activity_type_id == review)
        self.assertEqual(activity.user_id, reviewer)
        document.with_user(reviewer).action_reject("Blurred scan")
        self.assertFalse(document.activity_ids)

    def test_bad_uploads_are_refused_with_nothing_stored(self):
        self.authenticate("portal_alpha", "portal_alpha")
        before = self._documents_of(self.company_a)
        cases = [
            ({"content": EXE, "filename": "attestation.pdf"}, "is not a PDF, PNG or JPEG"),
            ({"content": b"%PDF-1.4" + b"0" * (10 * 1024 * 1024)}, "larger than 10 MB"),
            ({"issue_date": date(2099, 1, 1)}, "is in the future"),
            ({"doc_type": self.rc_pro}, "Enter the end date"),
            ({"issue_date_raw": "not-a-date"}, "is not a date"),
        ]
        for kwargs, message in cases:
            with self.subTest(message=message):
                if "issue_date_raw" in kwargs:
                    response = self.url_open(
                        "/my/compliance/upload",
                        data={
                            "csrf_token": self._csrf(),
                            "type_id": self.kbis.id,
                            "issue_date": "not-a-date",
                        },
                        files={"file": ("k.pdf", PDF, "application/pdf")},
                    )
                else:
                    response = self._upload(**kwargs)
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
        self.assertEqual(self._documents_of(self.company_a), before)

    def test_file_is_named_from_what_it_contains(self):
        self.authenticate("portal_alpha", "portal_alpha")
        self._upload(filename="evil.html")
        document = self._documents_of(self.company_a) - self.doc_a
        self.assertEqual(document.file_name, "evil.pdf")
        self.assertEqual(document.mimetype, "application/pdf")

    def test_upload_limit_follows_the_setting(self):
        self.env["ir.config_parameter"].sudo().set_param("esn_compliance.max_upload_mb", "20")
        self.authenticate("portal_alpha", "portal_alpha")
        big = b"%PDF-1.4\n" + os.urandom(15 * 1024 * 1024)
        self.assertIn("Document sent", self._upload(content=big).text)
        self.assertEqual(len(self._documents_of(self.company_a) - self.doc_a), 1)
        response = self._upload(content=b"%PDF-1.4\n" + os.urandom(20 * 1024 * 1024 + 1))
        self.assertEqual(response.status_code, 200)
        self.assertIn("larger than 20 MB", response.text)
        response = self._upload(content=b"%PDF-1.4\n" + os.urandom(30 * 1024 * 1024))
        self.assertEqual(response.status_code, 200, "past the request limit: back to the page")
        self.assertIn("larger than 20 MB", response.text)
        self.assertEqual(len(self._documents_of(self.company_a) - self.doc_a), 1)

    def test_cannot_reach_another_contractors_documents_over_http(self):
        self.authenticate("portal_alpha", "portal_alpha")
        self.assertEqual(self.url_open(f"/my/compliance/document/{self.doc_b.id}").status_code, 404)
        self.assertEqual(self.url_open("/my/compliance/document/999999999").status_code, 404)
        page = self.url_open("/my/compliance")
        self.assertNotIn("beta_kbis", page.text)
        # a forged partner_id is ignored: the document is the uploader's own contractor's
        self._upload(partner_id=self.company_b.id)
        self.assertEqual(self._documents_of(self.company_b), self.doc_b)

    def test_cannot_reach_another_contractors_documents_over_jsonrpc(self):
        self.authenticate("portal_alpha", "portal_alpha")

        found = self.call_kw("esn.compliance.document", "search_read", [], fields=["partner_id", "file_name"])
        self.assertEqual({row["id"] for row in found}, {self.doc_a.id})
        for method, args in (
            ("read", ([self.doc_b.id], ["file_name"])),
            ("write", ([self.doc_a.id], {"issue_date": "2020-01-01"})),
            (
                "create",
                (
                    {
                        "partner_id": self.company_b.id,
                        "type_id": self.kbis.id,
                        "issue_date": "2026-01-01",
                        "file": base64.b64encode(PDF).decode(),
                    },
                ),
            ),
            ("action_validate", ([self.doc_a.id],)),
        ):
            with self.subTest(method=method), self.assertRaisesRegex(JsonRpcException, "AccessError"):
                self.call_kw("esn.compliance.document", method, *args)
        self.assertEqual(self._documents_of(self.company_b), self.doc_b)
        self.assertEqual(self.doc_a.state, "pending")

    def test_non_contractor_portal_user_is_sent_home(self):
        new_test_user(self.env, "portal_client", groups="base.group_portal")
        self.authenticate("portal_client", "portal_client")
        response = self.url_open("/my/compliance", allow_redirects=False)
        self.assertEqual(response.status_code, 303)

    def test_a_contractor_abroad_sends_the_french_translation_with_its_document(self):
        """D8222-8: a foreign document comes with its French translation, sent on the portal too,
        checked as the document is (what its content is, not its name)."""
        self.company_a.country_id = self.env.ref("base.de")
        registration = self.env.ref("esn_compliance.document_type_foreign_registration")
        self.authenticate("portal_alpha", "portal_alpha")
        self.assertIn("o_esn_compliance_translation", self.url_open("/my/compliance").text)
        data = {
            "csrf_token": self._csrf(),
            "type_id": registration.id,
            "issue_date": TODAY.isoformat(),
        }
        # a translation that is not a document: refused, nothing stored
        page = self.url_open(
            "/my/compliance/upload",
            data=data,
            files={
                "file": ("register.pdf", PDF, "application/pdf"),
                "translation": ("fr.pdf", EXE, "application/pdf"),
            },
        )
        self.assertIn("not a PDF, PNG or JPEG", page.text)
        self.assertEqual(self._documents_of(self.company_a), self.doc_a)
        self.url_open(
            "/my/compliance/upload",
            data={**data, "csrf_token": self._csrf()},
            files={
                "file": ("register.pdf", PDF, "application/pdf"),
                "translation": ("fr.pdf", PDF, "application/pdf"),
            },
        )
        document = self._documents_of(self.company_a) - self.doc_a
        self.assertEqual((document.type_id, document.translation_file_name), (registration, "fr.pdf"))
        self.assertEqual(base64.b64decode(document.translation_file), PDF)
        # a French contractor is not asked for one
        self.company_a.country_id = self.env.ref("base.fr")
        self.assertNotIn("o_esn_compliance_translation", self.url_open("/my/compliance").text)
