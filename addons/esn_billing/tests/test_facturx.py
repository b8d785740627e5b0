import io
from datetime import date

import facturx
from freezegun import freeze_time
from lxml import etree
from pypdf import PdfReader

from odoo.tests import tagged

from .common import BillingCase
from .facturx_rules import failed_assertions

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
}
AGREEMENT = "//ram:ApplicableHeaderTradeAgreement"
SELLER = f"{AGREEMENT}/ram:SellerTradeParty"
BUYER = f"{AGREEMENT}/ram:BuyerTradeParty"


@tagged("post_install", "-at_install")
@freeze_time(date(2026, 11, 22))
class TestFacturx(BillingCase):
    """The invoices of activity reports are Factur-X files: a PDF/A-3 with the EN 16931 XML, which
    passes the EN 16931 and French CIUS (FNFE-MPE BR-FR 1.4.0) schematrons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._posted_invoice(cls._mission())
        reversal = (
            cls.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=cls.invoice.ids)
            .create(
                {
                    "date": date(2026, 11, 3),
                    "reason": "Day billed twice",
                    "journal_id": cls.invoice.journal_id.id,
                }
            )
        )
        cls.credit_note = cls.env["account.move"].browse(reversal.refund_moves()["res_id"])
        cls.credit_note.action_post()

        cls.eu_client = cls.env["res.partner"].create(
            {
                "name": "Kunde GmbH",
                "is_company": True,
                "country_id": cls.env.ref("base.de").id,
                "vat": "DE123456788",
                "street": "Hauptstraße 1",
                "zip": "10115",
                "city": "Berlin",
            }
        )
        cls.eu_invoice = cls._posted_invoice(cls._mission(partner_id=cls.eu_client.id, client_po=False))

    @classmethod
    def _posted_invoice(cls, mission):
        cra = cls._validated(mission, {"2026-10-05": 1, "2026-10-13": 0.5, "2026-10-20": 1})
        moves = cls.env["account.move"].browse(cra.with_user(cls.manager).action_create_invoices())
        invoice = moves.filtered(lambda m: m.move_type == "out_invoice")
        invoice.write({"invoice_date": date(2026, 11, 2), "partner_bank_id": cls.bank.id})
        invoice.action_post()
        return invoice

    def _self_billed_bill(self, regime="subject", **values):
        """A contractor's invoice the ESN issues in its name, under its self-billing mandate."""
        contractor = self.env["res.partner"].create(
            {
                "name": f"Freelance {regime}",
                "is_company": True,
                "esn_contractor_kind": "freelance",
                "esn_vat_regime": regime,
                "esn_legal_form": "EI",
                "esn_self_billing_mandate_date": date(2026, 1, 10),
                "country_id": self.env.ref("base.fr").id,
                "street": "5 rue du Port",
                "zip": "44000",
                "city": "Nantes",
                "siret": "41977416100014",
                "email": "freelance@example.com",
                **values,
            }
        )
        consultant = self.env["hr.employee"].create(
            {"name": f"Consultant {regime}", "esn_supplier_id": contractor.id}
        )
        cra = self._validated(self._mission(consultant), {"2026-10-05": 1, "2026-10-06": 1})
        _invoice, bill = self._invoice(cra, bill_date=date(2026, 10, 31))
        self.assertTrue(bill.esn_self_billed)
        bill.action_post()
        return bill

    def _tree(self, move):
        xml, errors = self.env["account.edi.xml.cii"]._export_invoice(move)
        self.assertFalse(errors)
        self.assertTrue(facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931"))
        for rules in ("en16931", "br-fr"):
            self.assertEqual(failed_assertions(xml, rules), [], f"{move.name}: {rules} errors")
        return etree.fromstring(xml)

    def _values(self, tree, xpath):
        return tree.xpath(xpath, namespaces=NS)

    def _assert_party(self, tree, party, siret, siren, vat):
        self.assertEqual(
            self._values(tree, f"{party}/ram:GlobalID[@schemeID='0009']/text()"), [siret]
        )  # BT-29/46
        legal = f"{party}/ram:SpecifiedLegalOrganization/ram:ID"
        self.assertEqual(self._values(tree, f"{legal}/text()"), [siren])  # BT-30/47
        self.assertEqual(self._values(tree, f"{legal}/@schemeID"), ["0002"], "a SIREN is scheme 0002")
        address = f"{party}/ram:URIUniversalCommunication/ram:URIID"
        self.assertEqual(self._values(tree, f"{address}/text()"), [siren])  # BT-34/49: routed to the SIREN
        self.assertEqual(self._values(tree, f"{address}/@schemeID"), ["0225"])
        self.assertEqual(self._values(tree, f"{party}/ram:SpecifiedTaxRegistration/ram:ID/text()"), [vat])

    def test_invoice(self):
        tree = self._tree(self.invoice)
        self.assertEqual(self._values(tree, "//rsm:ExchangedDocument/ram:TypeCode/text()"), ["380"])
        self.assertEqual(
            self._values(tree, "//ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID/text()"),
            ["S1"],
            "BT-23: the French billing framework of an invoice of services",
        )
        period = "//ram:ApplicableHeaderTradeSettlement/ram:BillingSpecifiedPeriod"
        self.assertEqual(
            self._values(tree, f"{period}/ram:StartDateTime/udt:DateTimeString/text()"), ["20261005"]
        )
        self.assertEqual(
            self._values(tree, f"{period}/ram:EndDateTime/udt:DateTimeString/text()"), ["20261020"]
        )
        delivery = "//ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString/text()"
        self.assertEqual(self._values(tree, delivery), ["20261020"], "BT-72: the last day billed")
        notes = dict(
            zip(
                self._values(tree, "//rsm:ExchangedDocument/ram:IncludedNote/ram:SubjectCode/text()"),
                self._values(
                    tree, "//rsm:ExchangedDocument/ram:IncludedNote[ram:SubjectCode]/ram:Content/text()"
                ),
                strict=True,
            )
        )
        self.assertEqual(set(notes), {"PMT", "PMD", "AAB", "BAR"})
        self.assertIn("40", notes["PMT"], "BR-FR-05: PMT is the fixed recovery fee")
        self.assertIn("plus 10 points", notes["PMD"], "BR-FR-05: PMD is the late payment penalties")
        self.assertEqual(notes["BAR"], "B2B")
        self._assert_party(tree, SELLER, "73282932000074", "732829320", "FR44732829320")
        self._assert_party(tree, BUYER, "55208131766522", "552081317", "FR03552081317")
        self.assertEqual(
            self._values(tree, f"{AGREEMENT}/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID/text()"),
            ["PO-77"],
        )
        self.assertEqual(
            self._values(tree, "//ram:ApplicableTradeTax/ram:DueDateTypeCode/text()")[:1],
            ["72"],
            "VAT on payment",
        )
        self.assertFalse(self._values(tree, "//ram:InvoiceReferencedDocument"))

    def test_credit_note(self):
        self.assertIn("Reversal of", self.credit_note.ref)
        tree = self._tree(self.credit_note)
        self.assertEqual(self._values(tree, "//rsm:ExchangedDocument/ram:TypeCode/text()"), ["381"])
        preceding = "//ram:ApplicableHeaderTradeSettlement/ram:InvoiceReferencedDocument"
        self.assertEqual(
            self._values(tree, f"{preceding}/ram:IssuerAssignedID/text()"), [self.invoice.name]
        )  # BT-25
        self.assertEqual(
            self._values(tree, f"{preceding}/ram:FormattedIssueDateTime/qdt:DateTimeString/text()"),
            ["20261102"],
        )  # BT-26
        self.assertEqual(
            self._values(tree, f"{AGREEMENT}/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID/text()"),
            ["PO-77"],
            "BT-13: the client's order, not Odoo's reversal text",
        )
        self.assertNotIn(b"Reversal of", etree.tostring(tree))

    def test_eu_reverse_charge_invoice(self):
        tree = self._tree(self.eu_invoice)
        tax = "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax"
        self.assertEqual(self._values(tree, f"{tax}/ram:CategoryCode/text()"), ["AE"])
        self.assertEqual(self._values(tree, f"{tax}/ram:ExemptionReasonCode/text()"), ["VATEX-EU-AE"])
        self.assertEqual(self._values(tree, f"{BUYER}/ram:SpecifiedLegalOrganization"), [], "no SIREN")
        address = f"{BUYER}/ram:URIUniversalCommunication/ram:URIID"
        self.assertEqual(self._values(tree, f"{address}/text()"), ["DE123456788"], "BT-49: its VAT number")
        self.assertEqual(self._values(tree, f"{address}/@schemeID"), ["9930"])
        self.assertEqual(
            self._values(tree, "//ram:IncludedNote[ram:SubjectCode='BAR']/ram:Content/text()"), ["B2BINT"]
        )
        self.assertFalse(
            self._values(tree, f"{AGREEMENT}/ram:BuyerOrderReferencedDocument"),
            "no PO, not the invoice number",
        )

    def test_self_billed_invoice(self):
        bill = self._self_billed_bill(vat="FR13419774161")
        tree = self._tree(bill)
        self.assertEqual(self._values(tree, "//rsm:ExchangedDocument/ram:TypeCode/text()"), ["389"])
        self.assertEqual(self._values(tree, "//rsm:ExchangedDocument/ram:ID/text()"), [bill.name])
        self.assertEqual(self._values(tree, f"{SELLER}/ram:Name/text()"), ["Freelance subject"])
        self._assert_party(tree, SELLER, "41977416100014", "419774161", "FR13419774161")
        self.assertEqual(self._values(tree, f"{BUYER}/ram:Name/text()"), [self.env.company.name])
        self._assert_party(tree, BUYER, "73282932000074", "732829320", "FR44732829320")
        self.assertEqual(
            self._values(tree, f"{SELLER}/ram:PostalTradeAddress/ram:CityName/text()"), ["Nantes"]
        )
        tax = "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax"
        self.assertEqual(self._values(tree, f"{tax}/ram:CategoryCode/text()"), ["S"])

    def test_self_billed_invoice_of_a_franchise_contractor(self):
        bill = self._self_billed_bill("franchise")
        self.assertFalse(bill.invoice_line_ids.tax_ids)
        tree = self._tree(bill)
        tax = "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax"
        self.assertEqual(self._values(tree, f"{tax}/ram:CategoryCode/text()"), ["E"])
        self.assertEqual(self._values(tree, f"{tax}/ram:ExemptionReasonCode/text()"), ["VATEX-FR-FRANCHISE"])
        self.assertIn("293 B", self._values(tree, f"{tax}/ram:ExemptionReason/text()")[0])
        self.assertEqual(self._values(tree, f"{tax}/ram:BasisAmount/text()"), ["600.00"])
        line_tax = "//ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode/text()"
        self.assertEqual(self._values(tree, line_tax), ["E"])
        self.assertEqual(
            self._values(tree, f"{SELLER}/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='FC']/text()"),
            ["419774161"],
        )

    def test_self_billed_invoice_of_a_reverse_charged_contractor_is_made(self):
        """Not self-billed in practice (a foreign contractor invoices itself), but exported all the same."""
        de = self.env.ref("base.de").id
        bill = self._self_billed_bill(
            "eu", country_id=de, vat="DE123456788", siret=False, zip="10115", city="Berlin"
        )
        tree = etree.fromstring(self.env["account.edi.xml.cii"]._export_invoice(bill)[0])
        self.assertEqual(self._values(tree, "//rsm:ExchangedDocument/ram:TypeCode/text()"), ["389"])
        self.assertEqual(
            self._values(tree, f"{SELLER}/ram:SpecifiedTaxRegistration/ram:ID/text()"), ["DE123456788"]
        )
        self.assertEqual(
            self._values(tree, f"{SELLER}/ram:URIUniversalCommunication/ram:URIID/@schemeID"), ["9930"]
        )

    def test_the_validator_reports_errors(self):
        tree = etree.fromstring(self.env["account.edi.xml.cii"]._export_invoice(self.invoice)[0])
        for node in self._values(
            tree, "//ram:BusinessProcessSpecifiedDocumentContextParameter | //ram:SellerTradeParty/ram:Name"
        ):
            node.getparent().remove(node)
        xml = etree.tostring(tree)
        self.assertIn("BR-FR-08_BT-23", [rule for rule, _flag, _text in failed_assertions(xml, "br-fr")])
        self.assertIn("BR-06", [rule for rule, _flag, _text in failed_assertions(xml, "en16931")])

    def _assert_facturx_pdf(self, pdf, type_code):
        self.assertTrue(pdf.startswith(b"%PDF"))
        filename, xml = facturx.get_xml_from_pdf(pdf, check_xsd=True)
        self.assertEqual(filename, "factur-x.xml")
        self.assertEqual(
            etree.fromstring(xml).xpath("//rsm:ExchangedDocument/ram:TypeCode/text()", namespaces=NS),
            [type_code],
        )
        reader = PdfReader(io.BytesIO(pdf))
        self.assertEqual(len(reader.trailer["/ID"]), 2, "PDF/A: the file identifier in the trailer")
        catalog = reader.trailer["/Root"]
        self.assertIn("/OutputIntents", catalog)
        metadata = catalog["/Metadata"].get_object().get_data()
        self.assertIn(b"<pdfaid:part>3</pdfaid:part>", metadata)
        self.assertIn(b"factur-x", metadata.lower())
        return xml

    def test_sent_pdf_is_pdfa3_with_the_xml(self):
        self.env["account.move.send"].with_context(force_report_rendering=True)._generate_and_send_invoices(
            self.invoice, sending_methods=["manual"]
        )
        xml = self._assert_facturx_pdf(self.invoice.invoice_pdf_report_id.raw, "380")
        self.assertIn(b"20261005", xml)

    def test_self_billed_pdf_is_facturx(self):
        bill = self._self_billed_bill(vat="FR13419774161")
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf = report._render_qweb_pdf("account.account_invoices", bill.ids)[0]
        self._assert_facturx_pdf(self.env["account.move.send"]._esn_facturx(bill, pdf), "389")
