import re
from collections import defaultdict

import facturx
import pyfrctc
from lxml import etree
from pyfrctc.pyfrctc import CDAR_NS_MAP

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.esn_month_end.models.month_end_jobs import CHANNEL
from odoo.addons.queue_job.exception import RetryableJobError

from .esn_pa_event import PROCESSING_STATUS, REASONS, STATUSES
from .res_company import EsnPaUnreachable

CII = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}
# the platform did not deliver the invoice: it is corrected and deposited again
REJECTED = ("213", "221", "501")
# statuses after which the invoice needs someone: an activity for its salesperson
STATUSES_TO_HANDLE = {"207", "208", "210", *REJECTED}


class AccountMove(models.Model):
    _inherit = "account.move"
    _workflow_fields = {
        "esn_pa_flow_ref": "action_esn_pa_deposit",
        "esn_pa_directory_line": "action_esn_pa_deposit",
    }

    esn_pa_flow_ref = fields.Char(
        string="Platform Flow",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The plateforme agréée's identifier of the flow that deposited, or delivered, this invoice.",
    )
    esn_pa_directory_line = fields.Char(
        string="Recipient's Electronic Address",
        readonly=True,
        copy=False,
        help="The directory line the platform routes the invoice to (SIREN, SIREN_SIRET or SIREN_suffix).",
    )
    esn_pa_event_ids = fields.One2many("esn.pa.event", "move_id", string="Platform Statuses", readonly=True)
    esn_pa_status = fields.Selection(
        STATUSES,
        string="Platform Status",
        compute="_compute_esn_pa_status",
        store=True,
        index=True,
        tracking=True,
    )
    esn_pa_status_date = fields.Datetime(
        string="Platform Status Date", compute="_compute_esn_pa_status", store=True
    )

    @api.depends("esn_pa_event_ids.status", "esn_pa_event_ids.date")
    def _compute_esn_pa_status(self):
        for move in self:
            # the last one recorded: the platform's clock and the other side's may disagree
            last = move.esn_pa_event_ids.sorted("id")[-1:]
            move.esn_pa_status = last.status
            move.esn_pa_status_date = last.date

    # ------------------------------------------------------------------ deposit

    def _esn_pa_to_deposit(self):
        """The posted invoices the company's platform carries and that are not deposited yet: customer
        invoices and credit notes, and the invoices the ESN issues in its contractors' names."""
        return self.filtered(
            lambda move: (
                move.state == "posted"
                and move.company_id.esn_pa_platform_id
                and not move.esn_pa_flow_ref
                and move._esn_pa_issued_by_the_esn()
                # a recipient established abroad is not e-invoiced: its invoices are e-reported
                and move.commercial_partner_id.country_code == "FR"
            )
        )

    def action_esn_pa_dispute(self):
        """Dispute button of a supplier invoice received through the platform: the reason goes back to
        the supplier's platform (207, En litige)."""
        return {
            "type": "ir.actions.act_window",
            "res_model": "esn.pa.dispute",
            "view_mode": "form",
            "target": "new",
            "context": {"default_move_ids": self.ids},
        }

    def _esn_pa_queue_deposit(self):
        for move in self._esn_pa_to_deposit():
            move.with_delay(
                channel=CHANNEL,
                identity_key=f"esn_pa_deposit-{move.id}",
                description=self.env._("Deposit %(move)s on the plateforme agréée", move=move.display_name),
            )._job_esn_pa_deposit()

    def action_esn_pa_deposit(self):
        """Deposit button: the invoice is deposited (again, after a rejection) in the background."""
        self.check_access("write")
        rejected = self.filtered(
            lambda move: (
                move.esn_pa_status in REJECTED and move.state == "posted" and move._esn_pa_issued_by_the_esn()
            )
        )
        rejected._workflow_write({"esn_pa_flow_ref": False, "esn_pa_directory_line": False})
        moves = self._esn_pa_to_deposit()
        if not moves:
            raise UserError(
                self.env._(
                    "Nothing to deposit: only posted invoices of a company with a plateforme agréée that "
                    "are not deposited yet, or were rejected, are."
                )
            )
        moves._esn_pa_queue_deposit()
        return True

    def _job_esn_pa_deposit(self):
        """Deposit the invoice on the platform, once: a job tried again first asks the platform whether
        an earlier try reached it."""
        self.ensure_one()
        self._lock_rows()  # a second job of the same invoice waits, then finds it deposited
        if self.esn_pa_flow_ref or not self._esn_pa_to_deposit():
            return self.env._("Nothing to deposit")
        company = self.company_id
        try:
            file, filename, syntax = self._esn_pa_file()
            flow = self.company_id._esn_pa_earlier_flow(filename)
            if not flow:
                line = self._esn_pa_route()
                if line is None:
                    return self._esn_pa_not_in_directory()
                flow = company._esn_pa_call(pyfrctc.send_flow_parsed, file, filename, syntax, "B2B")
            else:
                line = self.esn_pa_directory_line
        except EsnPaUnreachable as error:
            raise RetryableJobError(error.args[0], seconds=60) from error
        self._workflow_write({"esn_pa_flow_ref": flow["flowId"], "esn_pa_directory_line": line})
        self._esn_pa_log(
            "200", "sent", flow.get("submitted_at") or fields.Datetime.now(), flow_ref=flow["flowId"]
        )
        return self.env._("Deposited: flow %(flow)s", flow=flow["flowId"])

    def _esn_pa_file(self):
        """(content, file name, flow syntax): the Factur-X PDF the invoice was sent with, or its CII
        when the company deposits CII or the PDF carries no Factur-X XML."""
        name = f"{re.sub(r'[^A-Za-z0-9_-]', '_', self.name)}_{self.id}"
        pdf = self.invoice_pdf_report_id.raw
        if self.company_id.esn_pa_flow_syntax == "Factur-X" and pdf and _carries_facturx(pdf):
            return pdf, f"{name}.pdf", "Factur-X"
        xml, errors = self.env["account.edi.xml.cii"]._export_invoice(self)
        if errors:
            raise UserError("\n".join(errors))
        return xml, f"{name}.xml", "CII"

    def _esn_pa_route(self):
        """The recipient's directory line (its SIRET's, else its SIREN's), None when it is not in the
        directory."""
        partner = self.commercial_partner_id
        siren = partner.esn_siren
        if not siren:
            raise UserError(
                self.env._(
                    "%(partner)s has no SIREN: the platform cannot route the invoice.", partner=partner.name
                )
            )
        lines = self.company_id._esn_pa_call(pyfrctc.get_directory_lines_parsed, siren)
        active = [identifier for identifier, line in lines.items() if line["state"] == "active"]
        if not active:
            return None
        preferred = [f"{siren}_{partner.siret}", siren] if partner.siret else [siren]
        return next((identifier for identifier in preferred if identifier in active), active[0])

    def button_draft(self):
        """An invoice deposited on the platform was issued: a credit note corrects it, unless the
        platform rejected it (then it was never delivered)."""
        issued = self.filtered(
            lambda move: (
                move.esn_pa_flow_ref
                and move._esn_pa_issued_by_the_esn()
                and move.esn_pa_status not in REJECTED
            )
        )
        if issued:
            raise UserError(
                self.env._(
                    "%(moves)s were deposited on the plateforme agréée: issue a credit note to correct them.",
                    moves=", ".join(issued.mapped("display_name")),
                )
            )
        return super().button_draft()

    def _esn_pa_not_in_directory(self):
        message = self.env._(
            "%(partner)s is not in the directory of the plateformes agréées: the invoice cannot be deposited "
            "for it. Ask the client which platform receives its invoices, then deposit again.",
            partner=self.commercial_partner_id.name,
        )
        self.message_post(body=message)
        self._esn_pa_schedule_activity(message)
        return message

    # ------------------------------------------------------------------ statuses

    def _esn_pa_log(self, status, direction, date, reason=None, comment=None, flow_ref=None, partial=None):
        # sudo: statuses are written by the exchanges with the platform only
        self.env["esn.pa.event"].sudo().create(
            {
                "move_id": self.id,
                "status": status,
                "direction": direction,
                "date": date,
                "reason": reason,
                "comment": comment,
                "flow_ref": flow_ref,
                "partial_id": partial and partial.id,
            }
        )

    @api.model
    def _esn_pa_receive_status(self, flow, cdar):
        """A lifecycle status the platform delivered (pyfrctc's parsed CDAR) onto its invoice."""
        number, code = cdar.get("invoice_number"), str(cdar.get("status_code") or "")
        if code not in dict(STATUSES):
            raise UserError(self.env._("Unknown lifecycle status %(code)s.", code=code))
        issuer = (cdar.get("invoice_issuer") or {}).get("0002")
        self_billing = (
            self.env.ref(f"esn_billing.{flow.company_id.id}_journal_self_billing", raise_if_not_found=False)
            or self.env["account.journal"]
        )
        domain = [
            ("company_id", "=", flow.company_id.id),
            ("esn_pa_flow_ref", "!=", False),
            ("state", "=", "posted"),
        ]
        if flow.flow_type == "SupplierInvoiceLC":  # about a supplier's invoice: its number and SIREN
            domain += [
                ("move_type", "in", ("in_invoice", "in_refund")),
                ("journal_id", "!=", self_billing.id),
                ("ref", "=", number),
                ("commercial_partner_id.esn_siren", "=", issuer),
            ]
        else:  # about an invoice the ESN issued
            if issuer and issuer != flow.company_id.partner_id.esn_siren:
                raise UserError(
                    self.env._(
                        "The status is about an invoice of %(siren)s, not of the company.", siren=issuer
                    )
                )
            domain += [
                "|",
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("journal_id", "=", self_billing.id),
                ("name", "=", number),
            ]
        move = self.search(domain)
        if len(move) != 1:
            raise UserError(
                self.env._("No invoice %(number)s deposited on the platform for this status.", number=number)
            )
        detail = (cdar.get("doc_status") or [{}])[0]
        reason = " ".join(filter(None, (detail.get("reason_code"), detail.get("reason_txt")))) or None
        move._esn_pa_log(
            code,
            "received",
            cdar.get("lc_datetime") or flow.received_at,
            reason,
            detail.get("comment"),
            flow.flow_ref,
        )
        flow.move_id = move
        move._esn_pa_handle_status(code, reason)

    def _esn_pa_handle_status(self, code, reason):
        """What a status asks of the ESN: a refused invoice is credited, which frees its activity
        reports; a rejected, refused or disputed one is someone's to handle."""
        label = dict(self._fields["esn_pa_status"]._description_selection(self.env))[code]
        if reason:
            message = self.env._(
                "%(status)s on the plateforme agréée: %(reason)s.", status=label, reason=reason
            )
        else:
            message = self.env._("%(status)s on the plateforme agréée.", status=label)
        self.message_post(body=message)
        if code == "210" and self.move_type == "out_invoice" and self.payment_state == "not_paid":
            refusal = self.env._("Refused by the client: %(reason)s", reason=reason or "-")
            credit_note = self._reverse_moves([{"ref": refusal}], cancel=True)
            credit_note._esn_pa_queue_deposit()
            message = self.env._(
                "%(status)s Credit note %(credit_note)s posted, to be deposited: the activity reports can be "
                "invoiced again.",
                status=message,
                credit_note=credit_note.name,
            )
        if code in STATUSES_TO_HANDLE:
            self._esn_pa_schedule_activity(message)

    def _esn_pa_schedule_activity(self, note, user=None):
        """A to-do for the invoice's salesperson, or the account manager of the missions it bills."""
        user = user or self.invoice_user_id or self._esn_cras().mission_id.user_id[:1] or self.env.user
        self.activity_schedule("mail.mail_activity_data_todo", note=note, user_id=user.id)

    def _esn_pa_queue_payment(self, partial):
        """Each payment of an invoice exchanged through the platform is told there: received for a
        customer invoice (212, Encaissée: the VAT on services is due on payment), sent for a supplier's
        (211), with its amount per VAT rate."""
        code = "212" if self.is_sale_document() else "211"
        self.with_delay(
            channel=CHANNEL,
            identity_key=f"esn_pa_status-{self.id}-{code}-{partial.id}",
            description=self.env._("Send status %(code)s of %(move)s", code=code, move=self.display_name),
        )._job_esn_pa_send_status(code, partial_id=partial.id)

    def _post(self, soft=True):
        """A supplier invoice received through the platform and posted is approved (205)."""
        posted = super()._post(soft=soft)
        for bill in posted.filtered(lambda move: move.is_purchase_document() and move.esn_pa_flow_ref):
            bill._esn_pa_queue_status("205")
        return posted

    def _esn_pa_queue_status(self, code, reason_code=None, comment=None):
        self.with_delay(
            channel=CHANNEL,
            identity_key=f"esn_pa_status-{self.id}-{code}",
            description=self.env._("Send status %(code)s of %(move)s", code=code, move=self.display_name),
        )._job_esn_pa_send_status(code, reason_code, comment)

    def _job_esn_pa_send_status(self, code, reason_code=None, comment=None, partial_id=None):
        """Send a lifecycle status of the invoice through the platform, once (a payment status once per
        payment): a job tried again first asks the platform whether an earlier try reached it."""
        self.ensure_one()
        self._lock_rows()
        partial = self.env["account.partial.reconcile"].browse(partial_id)
        if partial_id and not partial.exists():
            return self.env._("The payment was unreconciled: nothing to send")
        if self.esn_pa_event_ids.filtered(
            lambda event: event.direction == "sent" and event.status == code and event.partial_id == partial
        ):
            return self.env._("Already sent")
        number = re.sub(r"[^A-Za-z0-9_-]", "_", self._esn_pa_number())
        filename = f"CDAR_{code}_{number}_{self.id}_{partial.id or 0}.xml"
        try:
            flow = self.company_id._esn_pa_earlier_flow(filename)
            if not flow:
                cdar = self._esn_pa_cdar(code, reason_code, comment, partial)
                flow = self.company_id._esn_pa_call(pyfrctc.send_flow_parsed, cdar, filename, "CDAR", "B2B")
        except EsnPaUnreachable as error:
            raise RetryableJobError(error.args[0], seconds=60) from error
        self._esn_pa_log(
            code,
            "sent",
            flow.get("submitted_at") or fields.Datetime.now(),
            reason_code and f"{reason_code} {REASONS[reason_code]}",
            comment,
            flow["flowId"],
            partial,
        )
        return self.env._("Status %(code)s sent: flow %(flow)s", code=code, flow=flow["flowId"])

    def _esn_pa_number(self):
        """The invoice's number as both sides know it: the ESN's, or the supplier's own."""
        return (self.name if self._esn_pa_issued_by_the_esn() else self.ref) or ""

    def _esn_pa_issued_by_the_esn(self):
        """Its customer invoices, and those it issues in its contractors' names."""
        return self.is_sale_document() or self.esn_self_billed

    def _esn_pa_cdar(self, code, reason_code=None, comment=None, partial=None):
        """The CDAR message, with the VAT rate of each amount paid (MDT-224, BR-FR-CDV-14), which
        pyfrctc does not write: added after its XSD check, and checked again."""
        cdar = pyfrctc.generate_cdar(self._esn_pa_cdar_values(code, reason_code, comment, partial))
        if code not in ("211", "212"):
            return cdar
        root = etree.fromstring(cdar)
        characteristics = root.iterfind(".//ram:SpecifiedDocumentCharacteristic", CDAR_NS_MAP)
        for characteristic, (_block, rate) in zip(
            characteristics, self._esn_pa_payment_blocks(partial), strict=True
        ):
            percent = etree.SubElement(characteristic, f"{{{CDAR_NS_MAP['ram']}}}ValuePercent")
            percent.text = f"{rate:.2f}"
        pyfrctc.check_cdar_xsd(root)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    def _esn_pa_payment(self, partial):
        """(date paid, {VAT rate: amount}) of a payment of the invoice, `partial` matching it with a
        payment or a bank statement line; None for another matching (a credit note, an exchange
        difference)."""
        lines = partial.debit_move_id | partial.credit_move_id
        invoice_line = lines.filtered(lambda line: line.move_id == self)
        counterpart = lines - invoice_line
        if not (counterpart.move_id.origin_payment_id or counterpart.move_id.statement_line_id):
            return None
        if invoice_line == partial.debit_move_id:
            paid = partial.debit_amount_currency
        else:
            paid = partial.credit_amount_currency
        paid_share = paid / self.amount_total if self.amount_total else 0
        return counterpart.date, self._esn_pa_amounts_by_rate(paid_share)

    def _esn_pa_payment_blocks(self, partial):
        """[(MDG-43 block, VAT rate)]: the payment's amount of each VAT rate, its share of the invoice's."""
        paid_on, by_rate = self._esn_pa_payment(partial)
        return [
            (
                {
                    "MDT-207": "MEN",
                    "MDT-215": {"float": f"{amount:.2f}", "currency": self.currency_id.name},
                    "MDT-219": paid_on,
                },
                rate,
            )
            for rate, amount in sorted(by_rate.items())
        ]

    def _esn_pa_amounts_by_rate(self, share):
        """{VAT rate: `share` of the invoice's amount including tax at that rate}"""
        totals = defaultdict(float)
        for line in self.invoice_line_ids.filtered(lambda line: line.display_type == "product"):
            rate = sum(line.tax_ids.filtered(lambda tax: tax.amount_type == "percent").mapped("amount"))
            totals[rate] += line.price_total
        return {rate: self.currency_id.round(total * share) for rate, total in totals.items()}

    def _esn_pa_cdar_values(self, code, reason_code=None, comment=None, partial=None):
        """The CDAR message (XP Z12-012) of a status the ESN sends about this invoice, as pyfrctc takes it."""
        company_siren = self.company_id.partner_id.esn_siren
        partner = self.commercial_partner_id
        # the ESN's role: it buys what it invoices in a contractor's name
        sale = self.is_sale_document()
        number = self._esn_pa_number()
        now = fields.Datetime.now()
        label = dict(
            self._fields["esn_pa_status"]._description_selection(self.with_context(lang="fr_FR").env)
        )
        values = {
            "MDT-2": "REGULATED",
            "MDT-3": "urn.cpro.gouv.fr:1p0:CDV:invoice",
            "MDT-4": f"{number}_{code}_{now:%Y%m%d%H%M%S}",
            "MDT-8": now,
            "MDT-21": "SE" if sale else "BY",
            "MDT-38": {"0002": company_siren},
            "MDT-39": self.company_id.name,
            "MDT-40": "SE" if sale else "BY",
            "MDT-57": {"0002": partner.esn_siren},
            "MDT-58": partner.name,
            "MDT-59": "BY" if sale else "SE",
            "MDT-73": self.esn_pa_directory_line or partner.esn_siren,
            "MDT-73-1": "0225",
            "MDT-74": False,
            "MDT-77": 23,
            "MDT-78": now,
            "MDT-87": number,
            "MDT-88": PROCESSING_STATUS[code],
            "MDT-91": "381" if self.move_type in ("out_refund", "in_refund") else "380",
            "MDT-100": self.invoice_date,
            "MDT-105": code,
            "MDT-106": label[code],
            "MDT-129": {"0002": company_siren if sale else partner.esn_siren},
            "MDG-37": [],
        }
        if reason_code:
            detail = {"MDT-113": reason_code, "MDT-114": REASONS[reason_code]}
            values["MDG-37"].append({**detail, "MDT-126": comment} if comment else detail)
        if code in ("211", "212"):
            values["MDG-37"].append(
                {"MDG-43": [block for block, _rate in self._esn_pa_payment_blocks(partial)]}
            )
        return values

    # ------------------------------------------------------------------ reception

    @api.model
    def _esn_pa_receive_invoice(self, flow):
        """A supplier invoice the platform delivered, imported as a vendor bill by Odoo's Factur-X/UBL/CII
        import: it replaces the draft bill the contractor's activity reports prepared when the amounts
        agree; otherwise both stay, the difference explained on the received one. Returns what is
        left to check on the bill, if anything; a copy of an invoice already received is refused."""
        company = flow.company_id
        journal = self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(company), ("type", "=", "purchase")], limit=1
        )
        attachment = flow.attachment_id.copy({"res_model": False, "res_id": False})
        # Odoo's import creates the supplier it does not know: a partner newer than this one
        # sudo: the newest partner id only, to tell the one the import creates
        last_partner = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search([], order="id desc", limit=1)
        )
        # sudo: the platform's supplier invoices are imported by the scheduled job or an accountant
        bill = (
            journal.sudo()
            .with_context(default_move_type="in_invoice")
            ._create_document_from_attachment(attachment.ids)
        )
        bill._workflow_write(
            {"esn_pa_flow_ref": flow.flow_ref, "esn_pa_directory_line": bill.commercial_partner_id.esn_siren}
        )
        flow.move_id = bill
        bill._esn_pa_log("202", "received", flow.received_at, flow_ref=flow.flow_ref)
        if not bill.partner_id or bill.partner_id.id > last_partner.id:
            # kept as a draft: the flow says what to check
            return self.env._(
                "The supplier of %(bill)s was not among the contacts: check the contact made from its "
                "invoice (SIREN, contractor, compliance) or set the right one on the bill, then mark the "
                "flow read.",
                bill=bill.display_name,
            )
        duplicate = self.search(
            [
                ("id", "!=", bill.id),
                ("company_id", "=", company.id),
                ("move_type", "=", "in_invoice"),
                ("commercial_partner_id", "=", bill.commercial_partner_id.id),
                ("ref", "=", bill.ref),
                ("state", "!=", "cancel"),
            ],
            limit=1,
        )
        if bill.ref and duplicate:
            raise UserError(
                self.env._(
                    "%(supplier)s's invoice %(ref)s was already received (%(bill)s): this copy was not "
                    "imported.",
                    supplier=bill.commercial_partner_id.name,
                    ref=bill.ref,
                    bill=duplicate.display_name,
                )
            )
        if not bill.line_ids.esn_cra_id:
            bill._esn_pa_explain_mismatch()
        return None

    def _esn_pa_explain_mismatch(self):
        """A received invoice of a contractor whose prepared draft bill it did not replace: both stay, the
        differences (days, rate, VAT) told on it, for the ESN manager to settle."""
        prepared = self.search(
            [
                ("move_type", "=", "in_invoice"),
                ("state", "=", "draft"),
                ("company_id", "=", self.company_id.id),
                ("commercial_partner_id", "=", self.commercial_partner_id.id),
                ("line_ids.esn_cra_id", "!=", False),
            ]
        )
        if not prepared:
            return
        differences = []
        for bill in prepared:
            lines, received = bill.invoice_line_ids, self.invoice_line_ids
            days, received_days = sum(lines.mapped("quantity")), sum(received.mapped("quantity"))
            if bill.currency_id.compare_amounts(days, received_days):
                differences.append(
                    self.env._(
                        "%(received)s days billed, %(days)s prepared", received=received_days, days=days
                    )
                )
            rates, received_rates = set(lines.mapped("price_unit")), set(received.mapped("price_unit"))
            if rates != received_rates:
                differences.append(
                    self.env._(
                        "rate %(received)s, %(rates)s prepared",
                        received=", ".join(map(str, sorted(received_rates))),
                        rates=", ".join(map(str, sorted(rates))),
                    )
                )
            if bill.currency_id.compare_amounts(bill.amount_tax, self.amount_tax):
                differences.append(
                    self.env._(
                        "VAT %(received)s, %(tax)s prepared", received=self.amount_tax, tax=bill.amount_tax
                    )
                )
            note = self.env._(
                "Received from %(supplier)s through the plateforme agréée, it does not match the bill "
                "prepared from the activity reports %(bill)s: %(differences)s.",
                supplier=self.commercial_partner_id.name,
                bill=bill.display_name,
                differences="; ".join(differences) or self.env._("a different total"),
            )
            self.message_post(body=note)
            self._esn_pa_schedule_activity(note, bill._esn_cras().mission_id.user_id[:1])

    def action_esn_send_self_billed(self):
        """An invoice issued in a contractor's name is deposited too, with its Factur-X 389 PDF."""
        result = super().action_esn_send_self_billed()
        self._esn_pa_queue_deposit()
        return result

    # ------------------------------------------------------------------ e-reporting

    def _esn_pa_ereporting_values(self):
        """The invoice as the e-reporting of international sales takes it (TG-8): read from its own
        EN 16931 XML, the one its Factur-X PDF carries."""
        self.ensure_one()
        tree = etree.fromstring(self.env["account.edi.xml.cii"]._export_invoice(self)[0])
        settlement = "//ram:ApplicableHeaderTradeSettlement"
        buyer = self.commercial_partner_id
        company = self.company_id
        if buyer.vat and buyer.country_id in self.env.ref("base.europe").country_ids:
            buyer_id, scheme = buyer.vat, "0223"
        else:  # no European VAT number: the country and the name (XP Z12-012)
            buyer_id = buyer.country_code + re.sub(r"\W", "", buyer.name).upper()[:16]
            scheme = "0227"
        return {
            "BT-1": self.name,
            "BT-2": self.invoice_date,
            "BT-3": _cii_value(tree, "//rsm:ExchangedDocument/ram:TypeCode/text()"),
            "BT-5": self.currency_id.name,
            "BT-8": _cii_value(tree, f"{settlement}/ram:ApplicableTradeTax/ram:DueDateTypeCode/text()"),
            "BT-9": self.invoice_date_due,
            "BT-23": _cii_value(tree, "//ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID/text()")
            or "S1",
            "BG-4": {
                "legal_identifier": company.partner_id.esn_siren,
                "legal_identifier_schemeid": "0002",
                "vat_identifier": company.vat,
                "country_code": company.country_code,
            },
            "BG-7": {
                "legal_identifier": buyer_id,
                "legal_identifier_schemeid": scheme,
                "vat_identifier": buyer.vat or None,
                "country_code": buyer.country_code,
            },
            "BT-72": self.delivery_date,
            "BT-109": _cii_value(tree, f"{settlement}//ram:TaxBasisTotalAmount/text()"),
            "BT-110": _cii_value(tree, f"{settlement}//ram:TaxTotalAmount/text()"),
            "BG-23": [
                {
                    "BT-116": _cii_value(tax, "ram:BasisAmount/text()"),
                    "BT-117": _cii_value(tax, "ram:CalculatedAmount/text()"),
                    "BT-118": _cii_value(tax, "ram:CategoryCode/text()"),
                    "BT-119": _cii_value(tax, "ram:RateApplicablePercent/text()") or "0.00",
                    "BT-120": _cii_value(tax, "ram:ExemptionReason/text()"),
                    "BT-121": _cii_value(tax, "ram:ExemptionReasonCode/text()"),
                }
                for tax in tree.xpath(f"{settlement}/ram:ApplicableTradeTax", namespaces=CII)
            ],
        }


def _cii_value(tree, xpath):
    values = tree.xpath(xpath, namespaces=CII)
    return values[0].strip() if values else None


def _carries_facturx(pdf):
    if not pdf.startswith(b"%PDF"):
        return False
    try:
        return bool(facturx.get_xml_from_pdf(pdf, check_xsd=False)[1])
    except Exception:  # the library raises plain exceptions for what is not a PDF
        return False
