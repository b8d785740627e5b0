import base64

from odoo.tests import TransactionCase

from odoo.addons.esn_base.tests.common import EsnTestMixin

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 64
    + b"This program cannot be run"
)


class ComplianceCase(EsnTestMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Document = cls.env["esn.compliance.document"]
        cls.urssaf = cls.env.ref("esn_compliance.document_type_urssaf_vigilance")
        cls.kbis = cls.env.ref("esn_compliance.document_type_kbis")
        cls.rc_pro = cls.env.ref("esn_compliance.document_type_rc_pro")
        cls.foreign_workers = cls.env.ref("esn_compliance.document_type_foreign_workers")
        cls.freelance = cls.env["res.partner"].create(
            {
                "name": "Freelance Test EI",
                "is_company": True,
                "esn_contractor_kind": "freelance",
                "email": "freelance.test@example.com",
            }
        )

    @classmethod
    def _document_values(cls, partner, doc_type, issue_date, expiry_date=None, content=PDF, **extra):
        values = {
            "partner_id": partner.id,
            "type_id": doc_type.id,
            "issue_date": issue_date,
            "file": base64.b64encode(content),
            "file_name": "document.pdf",
            # a code identifies one attestation: each contractor's its own
            "verification_code": f"CODE{partner.id:011d}" if doc_type.needs_verification_code else False,
            "translation_file": base64.b64encode(content) if doc_type.needs_french_translation else False,
            **extra,
        }
        if expiry_date:
            values["expiry_date"] = expiry_date
        return values

    @classmethod
    def _document(cls, partner, doc_type, issue_date, expiry_date=None, accepted=True, content=PDF, **extra):
        values = cls._document_values(partner, doc_type, issue_date, expiry_date, content, **extra)
        document = cls.env["esn.compliance.document"].create(values)
        if accepted:
            if doc_type.needs_verification_code:
                document.action_check_code()
            document.action_validate()
        return document

    @classmethod
    def _make_compliant(cls, partner, today):
        """Current documents of every type required for the partner, issued `today`."""
        for doc_type in cls.env["esn.compliance.document.type"]._active_types()._required_for(partner):
            expiry = None if doc_type.validity_months else today.replace(year=today.year + 1)
            cls._document(partner, doc_type, today, expiry)
