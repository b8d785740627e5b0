from odoo import api, fields, models
from odoo.exceptions import RedirectWarning, UserError
from odoo.tools import format_amount, format_date

from odoo.addons.esn_base.batch import refusals

from .res_company import EU_SERVICE_TAX

# what keeps a move in draft at the month end: French law, the vigilance, a missing setting
POSTING_REFUSED = (UserError, RedirectWarning)  # ValidationError and AccessError are UserErrors


class AccountMove(models.Model):
    _inherit = "account.move"

    esn_self_billed = fields.Boolean(
        compute="_compute_esn_self_billed",
        string="Self-Billed",
        help="A contractor's invoice issued by the ESN under the contractor's mandate (autofacturation).",
    )

    @api.depends("journal_id")
    def _compute_esn_self_billed(self):
        for move in self:
            journal = self.env.ref(
                f"esn_billing.{move.company_id.id}_journal_self_billing", raise_if_not_found=False
            )
            move.esn_self_billed = bool(journal) and move.journal_id == journal

    def _esn_cras(self):
        return self.line_ids.esn_cra_id

    def _esn_service_period(self):
        """(first, last) day of service the move bills, from its activity report lines."""
        self.ensure_one()
        lines = self.invoice_line_ids.filtered("esn_cra_id")
        if not lines:
            return None, None
        return min(lines.mapped("esn_period_start")), max(lines.mapped("esn_period_end"))

    def _esn_legal_notes(self):
        """(subject code, text) of the notes a French invoice carries, with the codes of the French
        CIUS (BR-FR-05): late-payment penalties (PMD), the fixed recovery fee (PMT) and the early
        payment discount (AAB)."""
        return [
            (
                "PMD",
                self.env._(
                    "Late payment penalties: the European Central Bank's refinancing rate plus 10 points."
                ),
            ),
            ("PMT", self.env._("Fixed recovery fee for late payment: 40 EUR (Code de commerce L441-10).")),
            ("AAB", self.env._("No discount for early payment.")),
        ]

    def _esn_still_bills(self):
        """Whether this invoice or bill still bills its activity reports: not cancelled, not
        reversed by posted credit notes."""
        self.ensure_one()
        if self.state == "cancel" or self.payment_state == "reversed":
            return False
        refunded = sum(
            self.reversal_move_ids.filtered(lambda move: move.state == "posted").mapped("amount_total")
        )
        return self.currency_id.compare_amounts(refunded, self.amount_total) < 0

    def action_esn_attach_cra_pdf(self):
        """Attach the PDF of each activity report the invoice bills, for the client's records."""
        report = self.env["ir.actions.report"]
        for move in self:
            for cra in move._esn_cras():
                pdf, _type = report._render_qweb_pdf("esn_cra.action_report_cra", cra.ids)
                self.env["ir.attachment"].create(
                    {
                        "name": f"{cra._get_report_base_filename()}.pdf",
                        "raw": pdf,
                        "mimetype": "application/pdf",
                        "res_model": move._name,
                        "res_id": move.id,
                    }
                )
        return True

    def action_post(self):
        # obligation de vigilance: a non-compliant contractor's bill is blocked or warned about
        for bill in self.filtered(lambda move: move.move_type == "in_invoice" and move._esn_cras()):
            # sudo: an accountant posting a contractor's bill reads no reports or missions
            bill._esn_cras().sudo().mission_id._check_vigilance(bill, "action_post")
        return super().action_post()

    def _post(self, soft=True):
        self.filtered(lambda move: move.line_ids.esn_cra_id)._esn_check_before_posting()
        return super()._post(soft=soft)

    def _esn_check_before_posting(self):
        """What French law asks of the suite's invoices and bills before they are final."""
        problems = []
        for move in self:
            if move.is_sale_document():
                problems += move._esn_invoice_identity_problems()
            elif move.move_type == "in_invoice" and move.esn_self_billed:
                seller = move.commercial_partner_id
                if missing := seller._esn_self_billing_identity_gaps():
                    message = seller._esn_self_billing_identity_message(missing)
                    problems.append(f"{move.display_name}: {message}")
                if not move.partner_id._esn_self_billed(move.invoice_date):
                    problems.append(
                        self.env._(
                            "%(bill)s: %(partner)s has signed no self-billing mandate by %(date)s: the ESN "
                            "cannot issue its invoice.",
                            bill=move.display_name,
                            partner=move.partner_id.display_name,
                            date=format_date(self.env, move.invoice_date or fields.Date.context_today(self)),
                        )
                    )
            # the supplier's invoice is the VAT deduction's evidence (CGI 271-II): kept with the bill
            # sudo: only whether the contractor's invoice is attached, whoever posts
            elif move.move_type == "in_invoice" and not (
                move.ref and move.invoice_date and move.sudo().attachment_ids
            ):
                problems.append(
                    self.env._(
                        "%(bill)s: enter the number and the date of %(partner)s's own invoice, and "
                        "attach it, before posting.",
                        bill=move.display_name,
                        partner=move.partner_id.display_name,
                    )
                )
            if move.move_type == "in_invoice" and move.commercial_partner_id.esn_vat_regime == "franchise":
                problems += move._esn_franchise_threshold_problems(batch=self)
        if problems:
            raise UserError("\n".join(problems))

    def _esn_franchise_threshold_problems(self, batch=None):
        """A contractor under the VAT franchise billed past the 293 B thresholds this year, the bills
        posted with this one (`batch`) included. Past the base one, the franchise may end next year
        (logged); past the upper one, VAT is due from that day: an invoice the ESN issues in the
        contractor's name without VAT is refused, the contractor's own invoice is posted with the
        warning logged (it is the contractor's to correct)."""
        self.ensure_one()
        date = self.invoice_date or fields.Date.context_today(self)
        threshold = self.env["esn.vat.franchise.threshold"]._for_year(date.year)
        if not threshold:
            return []
        contractor = self.commercial_partner_id
        year = (date.replace(month=1, day=1), date.replace(month=12, day=31))
        # sudo: the contractor's turnover counts its bills of every company, not only the user's
        posted = self.sudo().search(
            [
                ("commercial_partner_id", "=", contractor.id),
                ("move_type", "in", ("in_invoice", "in_refund")),
                ("state", "=", "posted"),
                ("invoice_date", ">=", year[0]),
                ("invoice_date", "<=", year[1]),
            ]
        )
        posting = (batch or self).filtered(
            lambda move: (
                move.commercial_partner_id == contractor
                and move.state == "draft"
                and year[0] <= (move.invoice_date or date) <= year[1]
            )
        )
        billed = -sum((posted | posting | self).mapped("amount_untaxed_signed"))
        values = {
            "bill": self.display_name,
            "contractor": contractor.display_name,
            "billed": format_amount(self.env, billed, threshold.currency_id),
            "year": date.year,
        }
        if threshold.currency_id.compare_amounts(billed, threshold.upper_amount) > 0:
            message = self.env._(
                "%(bill)s: %(contractor)s billed %(billed)s in %(year)s, over the upper threshold of the "
                "VAT franchise (%(threshold)s, CGI 293 B): VAT is due on it from the day it was passed.",
                threshold=format_amount(self.env, threshold.upper_amount, threshold.currency_id),
                **values,
            )
            if self.esn_self_billed:
                return [
                    message + " " + self.env._("Issue it with VAT and change the contractor's VAT regime.")
                ]
            self.message_post(body=message + " " + self.env._("Ask the contractor for an invoice with VAT."))
        elif threshold.currency_id.compare_amounts(billed, threshold.base_amount) > 0:
            self.message_post(
                body=self.env._(
                    "%(contractor)s billed %(billed)s in %(year)s, over the base threshold of the VAT "
                    "franchise (%(threshold)s, CGI 293 B): the franchise ends next year if it was already "
                    "over it last year.",
                    threshold=format_amount(self.env, threshold.base_amount, threshold.currency_id),
                    **values,
                )
            )
        return []

    def _esn_invoice_identity_problems(self):
        """The seller's SIREN and VAT number (R123-237, EN 16931 BR-CO-26 and BR-S-02) and the
        buyer's identification a French invoice needs."""
        self.ensure_one()
        company = self.company_id
        buyer = self.commercial_partner_id
        problems = []
        if not (company.esn_legal_form and company.esn_share_capital and company.esn_rcs_city):
            problems.append(
                self.env._(
                    "%(invoice)s: the legal form, share capital and RCS city of %(company)s are required on "
                    "its invoices (R123-237, R123-238): fill them in on the company.",
                    invoice=self.display_name,
                    company=company.name,
                )
            )
        if not company.siret or not company.vat:
            problems.append(
                self.env._(
                    "%(invoice)s: the SIREN (SIRET) and the VAT number of %(company)s are required on its "
                    "invoices: fill them in on the company.",
                    invoice=self.display_name,
                    company=company.name,
                )
            )
        french = buyer.country_id.code in (False, "FR")
        if french and not (buyer.siret or buyer.vat):
            problems.append(
                self.env._(
                    "%(invoice)s: the SIREN (SIRET) or VAT number of the client %(client)s is required.",
                    invoice=self.display_name,
                    client=buyer.name,
                )
            )
        elif not buyer.vat and self._esn_reverse_charged():
            problems.append(
                self.env._(
                    "%(invoice)s: the VAT number of the client %(client)s is required: the client pays the "
                    "VAT on these services (reverse charge).",
                    invoice=self.display_name,
                    client=buyer.name,
                )
            )
        elif not french and not buyer.vat and not company.esn_foreign_buyer_without_id:
            problems.append(
                self.env._(
                    "%(invoice)s: the VAT number of the client %(client)s is required (or allow invoices "
                    "to foreign clients without it in the ESN settings).",
                    invoice=self.display_name,
                    client=buyer.name,
                )
            )
        return problems

    def _esn_reverse_charged(self):
        """Whether the invoice bills services to a business of another EU country, which pays their
        VAT (CGI 259-1 and 283-2): the French chart's 0 % intra-EU service tax."""
        self.ensure_one()
        return bool(self.invoice_line_ids.tax_ids & self.company_id._esn_chart_ref(EU_SERVICE_TAX))

    def _esn_vat_exemption_mention(self):
        """The mention of an invoice of services that charges no VAT: the EU business client pays
        it, or the service is taxed where the client is, outside the EU."""
        self.ensure_one()
        taxes = self.invoice_line_ids.tax_ids
        if not self.is_sale_document() or not taxes or any(taxes.mapped("amount")):
            return ""
        if self._esn_reverse_charged():
            return self.env._(
                "Autoliquidation: VAT due by the customer (art. 283-2 of the French tax code, art. 196 "
                "of Directive 2006/112/EC)."
            )
        country = self.commercial_partner_id.country_id
        if country and country not in self.env.ref("base.europe").country_ids:
            return self.env._(
                "VAT not applicable, art. 259-1 of the French tax code: service to a business "
                "established outside the EU."
            )
        return ""

    def _esn_link_timesheets(self):
        """The timesheets of the days a customer invoice bills are invoiced by it, as sale_timesheet
        links an order's timesheets to its invoice."""
        for line in self.filtered(lambda move: move.move_type == "out_invoice").invoice_line_ids:
            # a cancelled invoice leaves its timesheets to the next one, as in sale_timesheet
            # sudo: the consultant's timesheets, which an invoicing user may neither read nor write
            line.esn_cra_id.sudo().timesheet_ids.filtered(
                lambda timesheet, line=line: (
                    line.esn_period_start <= timesheet.date <= line.esn_period_end
                    and timesheet.timesheet_invoice_id.state in (False, "cancel")
                )
            ).timesheet_invoice_id = line.move_id

    def _reverse_moves(self, default_values_list=None, cancel=False):
        """A credit note credits the same activity report days as the invoice it reverses, and
        the same services: its delivery date is the invoice's, not its own date."""
        default_values_list = [
            {"delivery_date": move.delivery_date, **values} if move.line_ids.esn_cra_id else values
            for move, values in zip(self, default_values_list or [{} for _move in self], strict=True)
        ]
        reversals = super()._reverse_moves(default_values_list=default_values_list, cancel=cancel)
        for move, reversal in zip(self, reversals, strict=True):
            originals = move.invoice_line_ids.filtered(lambda line: line.display_type == "product")
            mirrors = reversal.invoice_line_ids.filtered(lambda line: line.display_type == "product")
            if originals.esn_cra_id and len(originals) == len(mirrors):
                for original, mirror in zip(originals, mirrors, strict=True):
                    # sudo: the report links are set in superuser mode only; the user reversed the invoice
                    mirror.sudo().write(
                        {
                            "esn_cra_id": original.esn_cra_id.id,
                            "esn_period_start": original.esn_period_start,
                            "esn_period_end": original.esn_period_end,
                        }
                    )
        return reversals

    # ------------------------------------------------------------------ the contractor's own invoice

    def _extend_with_attachments(self, attachments, new=False):
        result = super()._extend_with_attachments(attachments, new=new)
        self.filtered(
            lambda move: move.move_type == "in_invoice" and move.state == "draft"
        )._esn_take_over_pending_bill()
        return result

    def _esn_take_over_pending_bill(self):
        """A contractor's invoice received electronically for the amounts of a draft bill the suite
        made from activity reports replaces it: the invoice, the document of record with its number
        and date, takes the bill's lines (and so bills the reports), and the draft is deleted."""
        for invoice in self.filtered(lambda move: move.partner_id and not move.line_ids.esn_cra_id):
            pending = self.search(
                [
                    ("move_type", "=", "in_invoice"),
                    ("state", "=", "draft"),
                    ("company_id", "=", invoice.company_id.id),
                    ("commercial_partner_id", "=", invoice.commercial_partner_id.id),
                    ("currency_id", "=", invoice.currency_id.id),
                    ("line_ids.esn_cra_id", "!=", False),
                    ("ref", "=", False),
                    ("id", "!=", invoice.id),
                ]
            ).filtered(
                lambda bill, invoice=invoice: (
                    not bill.currency_id.compare_amounts(bill.amount_untaxed, invoice.amount_untaxed)
                    and not bill.currency_id.compare_amounts(bill.amount_total, invoice.amount_total)
                    and (not invoice.invoice_date or bill.delivery_date <= invoice.invoice_date)
                )
            )
            if len(pending) != 1:
                continue
            # sudo: the report links are set in superuser mode only: they move to the received invoice
            invoice.sudo().write(
                {
                    "fiscal_position_id": pending.fiscal_position_id.id,
                    "delivery_date": pending.delivery_date,
                    "invoice_line_ids": [fields.Command.clear()]
                    + [fields.Command.create(line._esn_line_values()) for line in pending.invoice_line_ids],
                }
            )
            invoice.message_post(
                body=self.env._(
                    "Received for the activity reports %(cras)s: it replaces the draft bill the ESN "
                    "prepared.",
                    cras=", ".join(pending._esn_cras().mapped("display_name")),
                )
            )
            pending.unlink()

    def _esn_post_each(self):
        """Post the drafts: those French law or the obligation de vigilance keeps in draft (a bill
        awaiting the contractor's own invoice, a client without SIREN, a contractor not compliant)
        stay in draft, with the reason in their chatter; the others are posted. Returns the moves
        posted."""
        drafts = self.filtered(lambda move: move.state == "draft")
        # all at once, as Odoo posts a batch several times faster than each move on its own; each
        # on its own only when one of them is refused
        refused = refusals(drafts, "action_post", refused=POSTING_REFUSED)
        for move, error in refused:
            move._esn_log_month_end_failure(self.env._("Not posted by the month end"), error)
        return drafts.filtered(lambda move: move.state == "posted")

    def _esn_log_month_end_failure(self, what, error):
        """Why the month end left this move as it was, in its chatter, for whoever opens it."""
        self.message_post(body=self.env._("%(what)s: %(reason)s", what=what, reason=error.args[0]))

    def _esn_send(self):
        """Send the posted customer invoices as Odoo's batch sending does: in the background, each
        by the client's sending method (e-mail by default) with its Factur-X PDF; and the invoices
        issued in contractors' names to them."""
        invoices = self.filtered(lambda move: move.state == "posted" and move.is_sale_document())
        if invoices:
            self.env["account.move.send.batch.wizard"].create(
                {"move_ids": [fields.Command.set(invoices.ids)]}
            ).action_send_and_print()
        for bill in self.filtered(
            lambda move: (
                move.state == "posted" and move.esn_self_billed and not move.esn_self_billing_sent_date
            )
        ):
            # a contractor without e-mail is sent its invoice by hand: the others still go
            try:
                with self.env.cr.savepoint():
                    bill.action_esn_send_self_billed()
            except UserError as error:
                bill._esn_log_month_end_failure(self.env._("Not sent by the month end"), error)
        return invoices
