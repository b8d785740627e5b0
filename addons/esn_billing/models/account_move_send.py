import io

import facturx
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import file_open


class AccountMoveSend(models.AbstractModel):
    _inherit = "account.move.send"

    def _hook_invoice_document_after_pdf_report_render(self, invoice, invoice_data):  # pylint: disable=missing-return
        """The PDF of an activity report invoice is a Factur-X file: PDF/A-3 with its EN 16931 XML."""
        pdf_values = invoice_data.get("pdf_attachment_values") or invoice_data.get(
            "proforma_pdf_attachment_values"
        )
        rendered = pdf_values and pdf_values["raw"]
        super()._hook_invoice_document_after_pdf_report_render(invoice, invoice_data)
        if rendered and rendered.startswith(b"%PDF") and invoice._esn_cras() and invoice.is_sale_document():
            pdf_values["raw"] = self._esn_facturx(invoice, rendered)

    def _esn_facturx(self, move, pdf):
        """The Factur-X file (PDF/A-3 with its EN 16931 XML) of a move made from activity reports: a
        customer invoice or credit note, or an invoice the ESN issues in a contractor's name.

        Odoo embeds the XML but keeps wkhtmltopdf's output, which its PDF/A detection mistakes for
        PDF/A: here the move's own PDF gets the sRGB output intent and the file identifier PDF/A asks
        for, then the factur-x library embeds the XML with the PDF/A-3 XMP metadata."""
        xml = self.env["account.edi.xml.cii"]._export_invoice(move)[0]
        try:
            return facturx.generate_from_binary(
                _as_pdfa_base(pdf),
                xml,
                flavor="factur-x",
                level="en16931",
                check_xsd=True,
                pdf_metadata={
                    "author": move.company_id.name,
                    "title": move.name,
                    "subject": self.env._("Invoice %(number)s", number=move.name),
                    "keywords": "Factur-X",
                },
                lang=(move.partner_id.lang or "fr_FR").replace("_", "-"),
            )
        except Exception as error:  # the library raises plain exceptions for an invalid XML
            raise UserError(
                self.env._(
                    "The Factur-X file of %(invoice)s could not be made: %(error)s",
                    invoice=move.display_name,
                    error=error,
                )
            ) from error


def _as_pdfa_base(pdf):
    """The PDF with what PDF/A (ISO 19005) asks of it beyond the factur-x library's part: the sRGB
    output intent of its device colours, and the file identifier in the trailer (/ID, 6.1.3)."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    with file_open("tools/data/files/sRGB2014.icc", mode="rb") as icc_file:
        profile = DecodedStreamObject()
        profile.set_data(icc_file.read())
    profile = profile.flate_encode()
    profile[NameObject("/N")] = NumberObject(3)
    intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFA1"),
            NameObject("/OutputConditionIdentifier"): TextStringObject("sRGB IEC61966-2.1"),
            NameObject("/Info"): TextStringObject("sRGB IEC61966-2.1"),
            NameObject("/DestOutputProfile"): writer._add_object(profile),
        }
    )
    writer._root_object[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])
    writer.generate_file_identifiers()  # kept by the factur-x library, which clones the PDF
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
