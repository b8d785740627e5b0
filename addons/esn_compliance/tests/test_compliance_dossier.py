import base64
import io
import zipfile
from datetime import date, datetime

from freezegun import freeze_time
from lxml import html

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from odoo.addons.esn_base.tests.common import EsnTestMixin

from .common import PDF, PNG, ComplianceCase

TODAY = date(2026, 11, 22)


class DossierMixin:
    @classmethod
    def _dossier_data(cls):
        """A contractor with an accepted URSSAF attestation, a Kbis withdrawn since (archived: still a
        proof) and a foreign certificate with its French translation, still to review."""
        cls.reviewer = new_test_user(
            cls.env, "esn_dossier_reviewer", groups="esn_base.group_esn_user", name="Rita Reviewer"
        )
        cls.other_reviewer = new_test_user(cls.env, "esn_dossier_other", groups="esn_base.group_esn_user")
        cls.contractor = cls.env["res.partner"].create(
            {
                "name": "Dossier Conseil EI",
                "is_company": True,
                "esn_contractor_kind": "freelance",
                "siret": "73282932000074",
                "vat": "FR44732829320",
                "city": "Lyon",
                "country_id": cls.env.ref("base.fr").id,
            }
        )
        Document = cls.env["esn.compliance.document"].with_user(cls.reviewer)
        urssaf = cls.env.ref("esn_compliance.document_type_urssaf_vigilance")
        cls.attestation = Document.create(
            {
                "partner_id": cls.contractor.id,
                "type_id": urssaf.id,
                "issue_date": date(2026, 11, 2),
                "file": base64.b64encode(PDF),
                "file_name": "attestation urssaf.pdf",
                "verification_code": "DOSSIER12345678",
            }
        )
        cls.attestation.action_check_code()
        cls.attestation.action_validate()
        cls.kbis = Document.create(
            {
                "partner_id": cls.contractor.id,
                "type_id": cls.env.ref("esn_compliance.document_type_kbis").id,
                "issue_date": date(2026, 6, 1),
                "file": base64.b64encode(PNG),
                "file_name": "kbis.png",
            }
        )
        cls.kbis.action_validate()
        cls.kbis.action_archive()
        cls.certificate = Document.create(
            {
                "partner_id": cls.contractor.id,
                "type_id": cls.env.ref("esn_compliance.document_type_foreign_social_security").id,
                "issue_date": date(2026, 11, 10),
                "file": base64.b64encode(PDF),
                "file_name": "a1.pdf",
                "translation_file": base64.b64encode(PNG),
                "translation_file_name": "../../traduction a1.jpg",  # a PNG, wherever it claims to go
            }
        )


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestVigilanceDossier(DossierMixin, ComplianceCase):
    """The proofs of the obligation de vigilance, one zip per contractor for an inspection."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._dossier_data()

    def _export(self, user):
        action = self.contractor.with_user(user).action_esn_vigilance_dossier()
        self.assertEqual((action["type"], action["target"]), ("ir.actions.act_url", "download"))
        attachment_id = int(action["url"].removeprefix("/web/content/").split("?")[0])
        return self.env["ir.attachment"].with_user(user).browse(attachment_id)

    def test_the_dossier_holds_the_index_and_every_document(self):
        attachment = self._export(self.reviewer)
        self.assertEqual(attachment.name, "Vigilance Dossier Dossier Conseil EI 2026-11-22.zip")
        archive = zipfile.ZipFile(io.BytesIO(attachment.raw))
        files = {
            "documents/01_urssaf_vigilance_2026-11-02_attestation_urssaf.pdf": PDF,
            "documents/02_kbis_2026-06-01_kbis.png": PNG,
            "documents/03_foreign_social_security_2026-11-10_a1.pdf": PDF,
            "documents/03_foreign_social_security_2026-11-10_translation_traduction_a1.png": PNG,
        }
        # tests render reports as HTML (no wkhtmltopdf call): the index is 00_index.pdf otherwise
        self.assertEqual(set(archive.namelist()), {"00_index.html", *files})
        for name, content in files.items():
            self.assertEqual(archive.read(name), content, name)

        page = html.fromstring(archive.read("00_index.html"))
        exported = " ".join(page.xpath("string(//div[hasclass('o_esn_dossier_export')])").split())
        self.assertIn("Exported by: Rita Reviewer, 11/22/2026", exported)
        identity = page.xpath("string(//div[hasclass('o_esn_dossier_identity')])")
        for expected in ("Dossier Conseil EI", "732829320", "73282932000074", "FR44732829320", "Lyon"):
            self.assertIn(expected, identity)
        rows = [
            " ".join(row.text_content().split())
            for row in page.xpath("//table[hasclass('o_esn_dossier_documents')]/tbody/tr")
        ]
        self.assertEqual(len(rows), 3)
        attestation, kbis, certificate = rows
        self.assertIn("URSSAF Vigilance Certificate", attestation)
        self.assertIn("11/02/2026", attestation)  # issued
        self.assertIn("05/01/2027", attestation)  # valid until: 6 months
        self.assertIn("Accepted, Valid Reviewer: Rita Reviewer", attestation)
        self.assertIn("DOSSIER12345678 Checked by: Rita Reviewer", attestation)
        self.assertIn("documents/01_urssaf_vigilance_2026-11-02_attestation_urssaf.pdf", attestation)
        self.assertIn("Archived", kbis)
        self.assertIn("To Validate", certificate)
        translation = "documents/03_foreign_social_security_2026-11-10_translation_traduction_a1.png"
        self.assertIn(f"French translation: {translation}", certificate)
        self.assertFalse(page.xpath("//table[hasclass('o_esn_dossier_checks')]"), "no check recorded here")

        # who exported it, when, how many documents: in the contractor's chatter
        log = self.contractor.message_ids[0]
        self.assertEqual(log.author_id, self.reviewer.partner_id)
        self.assertIn("Vigilance dossier exported by Rita Reviewer on Nov 22, 2026", log.body)
        self.assertIn("3 documents", log.body)

    def test_only_esn_users_export_and_only_the_exporter_downloads(self):
        attachment = self._export(self.reviewer)
        with self.assertRaises(AccessError):
            attachment.with_user(self.other_reviewer).check("read")
        messages = self.contractor.message_ids
        attachments = self.env["ir.attachment"].search_count([])
        employee = new_test_user(
            self.env, "esn_dossier_employee", groups="base.group_user,base.group_partner_manager"
        )
        contact = self.env["res.partner"].create({"name": "Dora", "parent_id": self.contractor.id})
        portal = new_test_user(
            self.env, "esn_dossier_portal", groups="base.group_portal", partner_id=contact.id
        )
        for user in (employee, portal):
            with self.assertRaisesRegex(AccessError, "Only ESN back-office users"):
                self.contractor.with_user(user).action_esn_vigilance_dossier()
            with self.assertRaisesRegex(AccessError, "Only ESN back-office users"):
                self.env["ir.actions.report"].with_user(user)._render_qweb_html(
                    "esn_compliance.action_report_vigilance_dossier", self.contractor.ids
                )
        self.assertEqual(self.contractor.message_ids, messages, "nothing logged")
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments, "nothing stored")

    def test_a_document_of_a_company_the_user_does_not_see_stays_out(self):
        other_company = self.env["res.company"].create({"name": "Other ESN"})
        self.attestation.sudo()._workflow_write({"company_id": other_company.id})
        archive = zipfile.ZipFile(io.BytesIO(self._export(self.reviewer).raw))
        self.assertFalse([name for name in archive.namelist() if "urssaf" in name])
        self.assertIn("2 documents", self.contractor.message_ids[0].body)

    def test_the_index_lists_the_checks_other_modules_record(self):
        dossier = self.contractor.with_user(self.reviewer)._esn_vigilance_dossier()
        dossier["checks"] = [
            {
                "date": date(2026, 11, 20),
                "subject": "M-0042 Data platform",
                "trigger": "At Signature",
                "compliant": False,
                "issues": "Kbis Extract: missing",
                "user": "Rita Reviewer",
                "late": True,
                "override": "Overridden by Rita Reviewer",
                "reason": "Kbis promised this week",
            }
        ]
        content = self.env["ir.actions.report"]._render_template(
            "esn_compliance.report_vigilance_dossier",
            {
                "docs": self.contractor,
                "dossiers": {self.contractor.id: dossier},
                "exported_on": datetime(2026, 11, 22, 9, 30),
            },
        )
        page = html.fromstring(content)
        (row,) = page.xpath("//table[hasclass('o_esn_dossier_checks')]/tbody/tr")
        text = " ".join(row.text_content().split())
        for expected in (
            "11/20/2026",
            "After the start of the contract",
            "M-0042 Data platform",
            "At Signature",
            "Non-compliant",
            "Kbis Extract: missing",
            "Rita Reviewer",
            "Reason: Kbis promised this week",
        ):
            self.assertIn(expected, text)

    def test_the_dossier_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"].search([("name", "=", "esn_compliance")])._update_translations(["fr_FR"])
        self.reviewer.lang = "fr_FR"
        # the web client calls in the user's language
        action = (
            self.contractor.with_user(self.reviewer).with_context(lang="fr_FR").action_esn_vigilance_dossier()
        )
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[-1].split("?")[0]))
        self.assertTrue(attachment.name.startswith("Dossier de vigilance Dossier Conseil EI"))
        page = html.fromstring(zipfile.ZipFile(io.BytesIO(attachment.raw)).read("00_index.html"))
        text = " ".join(page.text_content().split())
        for expected in ("Dossier de vigilance", "Prestataire :", "Fichiers du zip", "Contrôlé par :"):
            self.assertIn(expected, text)
        self.assertIn("Dossier de vigilance exporté par Rita Reviewer", self.contractor.message_ids[0].body)

    def test_old_dossiers_are_removed(self):
        attachment = self._export(self.reviewer)
        self.env["res.partner"]._gc_esn_vigilance_dossiers()
        self.assertTrue(attachment.exists(), "downloaded today")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE ir_attachment SET create_date = create_date - interval '25 hours' WHERE id = %s",
            [attachment.id],
        )
        self.env.invalidate_all()
        self.env["res.partner"]._gc_esn_vigilance_dossiers()
        self.assertFalse(attachment.exists())


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestVigilanceDossierHttp(DossierMixin, EsnTestMixin, HttpCase):
    """The button's round trip through the web client's routes, as each user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._dossier_data()

    def test_download_through_the_web_client(self):
        self.authenticate("esn_dossier_reviewer", "esn_dossier_reviewer")
        action = self.call_kw("res.partner", "action_esn_vigilance_dossier", self.contractor.ids)
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertIn("Dossier Conseil EI", response.headers["Content-Disposition"])
        self.assertEqual(len(zipfile.ZipFile(io.BytesIO(response.content)).namelist()), 5)
        # another back-office user may export their own, not download this one
        self.authenticate("esn_dossier_other", "esn_dossier_other")
        self.assertIn(self.url_open(action["url"]).status_code, (403, 404))
        portal_contact = self.env["res.partner"].create({"name": "Pia", "parent_id": self.contractor.id})
        new_test_user(
            self.env, "esn_dossier_portal_http", groups="base.group_portal", partner_id=portal_contact.id
        )
        self.authenticate("esn_dossier_portal_http", "esn_dossier_portal_http")
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call_kw("res.partner", "action_esn_vigilance_dossier", self.contractor.ids)
        self.assertIn(self.url_open(action["url"]).status_code, (403, 404))
