import io
from datetime import date

import facturx
from lxml import etree
from pypdf import PdfReader

from odoo.tests import tagged

from .common import BillingCase

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}


@tagged("post_install", "-at_install")
class TestFacturx(BillingCase):
    """The invoice sent for activity reports is a Factur-X file: a PDF/A-3 with the EN 16931 XML,
    checked with the factur-x library."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cra = cls._validated(cls._mission(), {"2026-10-05": 1, "2026-10-13": 0.5, "2026-10-20": 1})
        moves = cls.env["account.move"].browse(cra.with_user(cls.manager).action_create_invoices())
        cls.invoice = moves.filtered(lambda m: m.move_type == "out_invoice")
        cls.invoice.write({"invoice_date": date(2026, 11, 2), "partner_bank_id": cls.bank.id})
        cls.invoice.action_post()

    def _xml(self):
        xml, errors = self.env["account.edi.xml.cii"]._export_invoice(self.invoice)
        self.assertFalse(errors)
        return xml

    def test_xml_is_en16931_with_the_service_period_and_legal_notes(self):
        xml = self._xml()
        self.assertTrue(facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931"))
        self.assertEqual(facturx.get_level(etree.fromstring(xml)), "en16931")
        tree = etree.fromstring(xml)

        def text(xpath):
            return tree.xpath(xpath, namespaces=NS)

        period = "//ram:ApplicableHeaderTradeSettlement/ram:BillingSpecifiedPeriod"
        self.assertEqual(text(f"{period}/ram:StartDateTime/udt:DateTimeString/text()"), ["20261005"])  # BT-73
        self.assertEqual(text(f"{period}/ram:EndDateTime/udt:DateTimeString/text()"), ["20261020"])  # BT-74
        delivery = "//ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString/text()"
        self.assertEqual(text(delivery), ["20261020"])  # BT-72: the last day billed
        notes = dict(
            zip(
                text("//rsm:ExchangedDocument/ram:IncludedNote/ram:SubjectCode/text()"),
                text("//rsm:ExchangedDocument/ram:IncludedNote[ram:SubjectCode]/ram:Content/text()"),
                strict=True,
            )
        )
        self.assertEqual(set(notes), {"PMT", "PMD", "AAB"})
        self.assertIn("40", notes["PMD"])
        self.assertIn("plus 10 points", notes["PMT"])
        seller = "//ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID"
        self.assertEqual(text(f"{seller}/text()"), ["73282932000074"])
        self.assertEqual(text(f"{seller}/@schemeID"), ["0009"], "a SIRET is scheme 0009 (0002 is a SIREN)")
        self.assertEqual(
            text("//ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID/text()"), ["FR44732829320"]
        )
        self.assertEqual(
            text("//ram:ApplicableTradeTax/ram:DueDateTypeCode/text()")[:1], ["72"], "VAT on payment"
        )

    def test_sent_pdf_is_pdfa3_with_the_xml(self):
        self.env["account.move.send"].with_context(force_report_rendering=True)._generate_and_send_invoices(
            self.invoice, sending_methods=["manual"]
        )
        pdf = self.invoice.invoice_pdf_report_id.raw
        self.assertTrue(pdf.startswith(b"%PDF"))
        filename, xml = facturx.get_xml_from_pdf(pdf, check_xsd=True)
        self.assertEqual(filename, "factur-x.xml")
        self.assertTrue(facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931"))
        self.assertIn(b"20261005", xml)
        catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
        self.assertIn("/OutputIntents", catalog)
        metadata = catalog["/Metadata"].get_object().get_data()
        self.assertIn(b"<pdfaid:part>3</pdfaid:part>", metadata)
        self.assertIn(b"factur-x", metadata.lower())
