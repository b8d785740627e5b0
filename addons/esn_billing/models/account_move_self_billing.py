from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from odoo.addons.esn_base.reasons import clean_reason

SELF_BILLING_ANSWERS = [
    ("accepted", "Accepted"),
    ("tacit", "Accepted (not contested in time)"),
    ("contested", "Contested"),
]


class AccountMove(models.Model):
    """The invoices the ESN issues in its contractors' names (autofacturation, CGI 289-I-2) are
    sent to them as Factur-X self-billed invoices (389); each contractor accepts or contests
    them within the days its mandate gives."""

    _name = "account.move"
    _inherit = ["account.move", "esn.workflow.mixin"]
    _workflow_fields = {
        "esn_self_billing_sent_date": "action_esn_send_self_billed",
        "esn_self_billing_deadline": "action_esn_send_self_billed",
        # the contractor's own answer, on the portal only
        "esn_self_billing_answer": "/my/invoices/<id>/self-billing",
        "esn_self_billing_answer_date": "/my/invoices/<id>/self-billing",
        "esn_self_billing_contest_reason": "/my/invoices/<id>/self-billing",
    }

    esn_self_billing_sent_date = fields.Datetime(
        string="Sent to the Contractor", readonly=True, copy=False, tracking=True
    )
    esn_self_billing_deadline = fields.Date(
        string="Contest Deadline",
        readonly=True,
        copy=False,
        help="Last day the contractor may contest the invoice issued in its name.",
    )
    esn_self_billing_answer = fields.Selection(
        SELF_BILLING_ANSWERS, string="Contractor's Answer", readonly=True, copy=False, tracking=True
    )
    esn_self_billing_answer_date = fields.Datetime(string="Answered On", readonly=True, copy=False)
    esn_self_billing_contest_reason = fields.Text(string="Contest Reason", readonly=True, copy=False)

    def action_esn_send_self_billed(self):
        """Send each posted self-billed invoice to its contractor: the Factur-X PDF by e-mail, and
        the link to accept or contest it on the portal, within the mandate's days."""
        template = self.env.ref("esn_billing.mail_template_self_billed_invoice")
        now = fields.Datetime.now()
        for bill in self:
            bill._esn_check_self_billed_open()
            if bill.esn_self_billing_sent_date:
                raise UserError(
                    self.env._("%(bill)s was already sent to the contractor.", bill=bill.display_name)
                )
            if not bill._esn_cras():
                raise UserError(
                    self.env._(
                        "%(bill)s bills no activity report: the suite sends only the invoices it issued "
                        "from them.",
                        bill=bill.display_name,
                    )
                )
            if not bill.partner_id.email:
                # an invoice never received cannot be accepted for not being contested
                raise UserError(
                    self.env._(
                        "%(partner)s has no e-mail address: the invoice issued in its name cannot be sent.",
                        partner=bill.partner_id.display_name,
                    )
                )
            pdf = bill._esn_self_billed_facturx()
            bill._workflow_write(
                {
                    "esn_self_billing_sent_date": now,
                    "esn_self_billing_deadline": fields.Date.context_today(bill)
                    + timedelta(days=bill.commercial_partner_id.esn_self_billing_contest_days),
                }
            )
            bill._portal_ensure_token()
            bill.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                attachment_ids=pdf.ids,
            )
        return True

    def _esn_self_billed_facturx(self):
        """The invoice's Factur-X PDF, kept as its legal document (what the portal downloads)."""
        self.ensure_one()
        pdf = self.env["ir.actions.report"]._render_qweb_pdf("account.account_invoices", self.ids)[0]
        pdf = self.env["account.move.send"]._esn_facturx(self, pdf)
        values = {
            "name": self._get_invoice_report_filename(),
            "raw": pdf,
            "mimetype": "application/pdf",
            "res_model": self._name,
            "res_id": self.id,
        }
        # the legal document, attached to its field as Odoo's sending does, and the mail's copy
        # sudo: the legal PDF is its binary field's attachment, made as superuser as Odoo's sending does
        Attachments = self.env["ir.attachment"].sudo()
        Attachments.create({**values, "res_field": "invoice_pdf_report_file"})
        self.invalidate_recordset(["invoice_pdf_report_id", "invoice_pdf_report_file"])
        return Attachments.create(values)

    def _esn_check_self_billed_open(self):
        self.ensure_one()
        if not (self.esn_self_billed and self.state == "posted"):
            raise UserError(
                self.env._(
                    "%(bill)s is not a posted invoice issued in a contractor's name.", bill=self.display_name
                )
            )
        if self.esn_self_billing_answer:
            raise UserError(
                self.env._("%(bill)s was already answered by the contractor.", bill=self.display_name)
            )

    def _esn_accept_self_billed(self):
        """The contractor accepts the invoice issued in its name (the portal, once it is known)."""
        for bill in self:
            bill._esn_answer_self_billed("accepted")

    def _esn_contest_self_billed(self, reason):
        """The contractor contests the invoice issued in its name: the ESN is asked to credit it."""
        reason = clean_reason(self.env, reason, self.env._("Say why you contest this invoice."))
        for bill in self:
            bill._esn_answer_self_billed("contested", reason)
            bill.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Contested by the contractor: issue a credit note"),
                note=reason,
                user_id=(bill.invoice_user_id or bill.create_uid).id,
            )

    def button_draft(self):
        self._esn_check_not_sent()
        return super().button_draft()

    def button_cancel(self):
        self._esn_check_not_sent()
        return super().button_cancel()

    def _esn_check_not_sent(self):
        """An invoice the contractor received in its name is its invoice: corrected by a credit note,
        never changed behind its back."""
        sent = self.filtered("esn_self_billing_sent_date")
        if sent:
            raise UserError(
                self.env._(
                    "%(bills)s was sent to the contractor: issue a credit note instead.",
                    bills=", ".join(sent.mapped("display_name")),
                )
            )

    def _esn_answer_self_billed(self, answer, reason=False):
        self.ensure_one()
        self._lock_rows()
        self._esn_check_self_billed_open()
        if not self.esn_self_billing_sent_date:
            raise UserError(
                self.env._("%(bill)s has not been sent to the contractor yet.", bill=self.display_name)
            )
        if self.esn_self_billing_deadline < fields.Date.context_today(self):
            raise UserError(
                self.env._(
                    "The days to contest %(bill)s ended on %(date)s: it is accepted.",
                    bill=self.display_name,
                    date=format_date(self.env, self.esn_self_billing_deadline),
                )
            )
        self._workflow_write(
            {
                "esn_self_billing_answer": answer,
                "esn_self_billing_answer_date": fields.Datetime.now(),
                "esn_self_billing_contest_reason": reason,
            }
        )

    @api.model
    def _cron_esn_self_billed_tacit_acceptance(self):
        """Invoices not contested within the mandate's days are accepted."""
        late = self.search(
            [
                ("state", "=", "posted"),
                ("esn_self_billing_sent_date", "!=", False),
                ("esn_self_billing_answer", "=", False),
                ("esn_self_billing_deadline", "<", fields.Date.context_today(self)),
            ]
        )
        late._workflow_write(
            {"esn_self_billing_answer": "tacit", "esn_self_billing_answer_date": fields.Datetime.now()}
        )
