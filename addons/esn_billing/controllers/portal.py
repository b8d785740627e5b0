from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.account.controllers.portal import PortalAccount


class SelfBilledInvoicePortal(PortalAccount):
    """The contractor accepts or contests on the portal the invoice the ESN issued in its name,
    through the link of the mail it received (its access token) or signed in."""

    @http.route(
        "/my/invoices/<int:invoice_id>/self-billing/<any(accept,contest):answer>",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_self_billed_answer(self, invoice_id, answer, access_token=None, reason=None, **kwargs):
        try:
            bill = self._document_check_access("account.move", invoice_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        # the contractor answers, by the link it was sent or signed in as itself: reading the bill
        # (an accountant, an auditor) is not answering for it
        user = request.env.user
        own = not user._is_public() and user.commercial_partner_id == bill.commercial_partner_id
        if not (own or (access_token and bill.access_token and consteq(bill.access_token, access_token))):
            return request.redirect("/my")
        try:
            if answer == "accept":
                bill._esn_accept_self_billed()
            else:
                bill._esn_contest_self_billed(reason)
        except UserError as error:
            values = self._invoice_get_page_view_values(bill, access_token, **kwargs)
            values["esn_answer_error"] = error.args[0]
            return request.render("account.portal_invoice_page", values)
        author = user.partner_id if own else bill.partner_id
        bill.message_post(
            body=reason if answer == "contest" else bill.env._("Accepted by the contractor."),
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return request.redirect(bill.get_portal_url())
