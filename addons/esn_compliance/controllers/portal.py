import base64

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class CompliancePortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "compliance_count" in counters:
            partner = request.env.user.partner_id.commercial_partner_id
            types = request.env["esn.compliance.document.type"]._active_types()
            values["compliance_count"] = len(types._required_for(partner))
        return values

    def _compliance_contractor(self):
        """The contractor the logged-in portal user acts for, or None."""
        partner = request.env.user.partner_id.commercial_partner_id
        return partner if partner.esn_contractor_kind else None

    def _render_compliance(self, partner, error=None, success=None, form=None):
        types = request.env["esn.compliance.document.type"]._active_types()
        documents = request.env["esn.compliance.document"].search([("partner_id", "=", partner.id)])
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "compliance",
                "contractor": partner,
                # sudo: the status counts the contractor's documents of every company, not only the user's
                "status": partner.sudo()._esn_compliance_status(types),
                "documents": documents,
                "error": error,
                "success": success,
                "form": form or {},
                "max_upload_mb": documents._max_upload_mb(),
                # a contractor established abroad sends French translations (D8222-8)
                "needs_translation": bool(types._required_for(partner).filtered("needs_french_translation")),
            }
        )
        return request.render("esn_compliance.portal_my_compliance", values)

    @http.route("/my/compliance", type="http", auth="user", website=True)
    def portal_my_compliance(self, **kwargs):
        partner = self._compliance_contractor()
        if not partner:
            return request.redirect("/my")
        error = kwargs.get("too_large") and request.env._(
            "The file is larger than %(max)s MB.",
            max=request.env["esn.compliance.document"]._max_upload_mb(),
        )
        return self._render_compliance(
            partner, error=error, success=kwargs.get("uploaded") and request.env._("Document sent.")
        )

    def _upload_request_limit(self):
        """Bytes a whole upload request may carry: the document and its translation the setting
        allows, and the form."""
        return (2 * request.env["esn.compliance.document"]._max_upload_mb() + 1) * 1024 * 1024

    # esn_upload: the page a request over the limit is sent back to (see ir.http)
    @http.route(
        "/my/compliance/upload",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
        max_content_length=_upload_request_limit,
        esn_upload="/my/compliance?too_large=1",
    )
    def portal_compliance_upload(
        self,
        type_id=None,
        issue_date=None,
        expiry_date=None,
        verification_code=None,
        file=None,
        translation=None,
        **kwargs,
    ):
        partner = self._compliance_contractor()
        if not partner:
            raise AccessError(request.env._("Only contractors can upload compliance documents."))
        form = {
            "type_id": type_id,
            "issue_date": issue_date,
            "expiry_date": expiry_date,
            "verification_code": verification_code,
        }
        try:
            values = self._compliance_upload_values(partner, type_id, issue_date, expiry_date, file)
            values["verification_code"] = (verification_code or "").strip()
            if translation and getattr(translation, "filename", None):
                values.update(
                    translation_file=base64.b64encode(self._uploaded_content(translation)),
                    translation_file_name=translation.filename,
                )
            with request.env.cr.savepoint():
                # sudo: portal users only read documents; the contractor is their own company, checked above
                document = request.env["esn.compliance.document"].sudo().create(values)
                document.message_post(
                    body=request.env._("Uploaded on the portal by %(user)s.", user=request.env.user.name)
                )
                document._ask_review()
        except (UserError, ValidationError) as error:
            return self._render_compliance(partner, error=error.args[0], form=form)
        return request.redirect("/my/compliance?uploaded=1")

    def _compliance_upload_values(self, partner, type_id, issue_date, expiry_date, file):
        env = request.env
        doc_types = env["esn.compliance.document.type"]._active_types()._required_for(partner)
        doc_type = doc_types.filtered(lambda t: str(t.id) == str(type_id))
        if not doc_type:
            raise UserError(env._("Choose one of the document types you are asked for."))
        dates = {}
        for name, value in (("issue_date", issue_date), ("expiry_date", expiry_date)):
            if value:
                try:
                    dates[name] = fields.Date.to_date(value)
                except ValueError as error:
                    raise UserError(env._("%(value)s is not a date.", value=value)) from error
        if not dates.get("issue_date"):
            raise UserError(env._("Enter the issue date of the document."))
        if not file or not getattr(file, "filename", None):
            raise UserError(env._("Choose the file to upload."))
        values = {
            "partner_id": partner.id,
            "type_id": doc_type.id,
            "issue_date": dates["issue_date"],
            "file": base64.b64encode(self._uploaded_content(file)),
            "file_name": file.filename,
        }
        if dates.get("expiry_date") and not doc_type.validity_months:
            values["stated_expiry_date"] = dates["expiry_date"]
        return values

    def _uploaded_content(self, file):
        """The bytes of an uploaded file, refused past the size the setting allows."""
        max_bytes = request.env["esn.compliance.document"]._max_upload_mb() * 1024 * 1024
        content = file.read(max_bytes + 1)
        if len(content) > max_bytes:
            raise UserError(
                request.env._(
                    "The file %(name)s is larger than %(max)s MB.",
                    name=file.filename,
                    max=max_bytes // 1048576,
                )
            )
        return content

    @http.route("/my/compliance/document/<int:document_id>", type="http", auth="user")
    def portal_compliance_document(self, document_id, **kwargs):
        document = request.env["esn.compliance.document"].browse(document_id)
        try:
            document.check_access("read")
            document.ensure_one()
            if not document.exists():
                raise MissingError(request.env._("This document does not exist."))
        except (AccessError, MissingError):
            raise request.not_found() from None
        stream = request.env["ir.binary"]._get_stream_from(document, "file", filename_field="file_name")
        return stream.get_response(as_attachment=True)
