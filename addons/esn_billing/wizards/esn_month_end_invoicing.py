from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import RedirectWarning, UserError
from odoo.tools import format_date

# months offered by the invoicing run: the current one and the twelve before
MONTHS_BACK = 12


class EsnMonthEndInvoicing(models.TransientModel):
    """The month-end invoicing run: the month's activity reports per client, what is ready to
    invoice and what blocks the rest, then the invoices and bills created, posted and sent in one
    go through the reports' own invoicing."""

    _name = "esn.month.end.invoicing"
    _description = "Month-End Invoicing Run"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    month = fields.Selection(
        selection="_selection_month", required=True, default=lambda self: self._default_month()
    )
    partner_ids = fields.Many2many("res.partner", string="Clients", help="Empty: every client.")
    # a periodic invoice is issued at the latest at the end of its period (C. com. L441-9 I)
    invoice_date = fields.Date(
        compute="_compute_invoice_date",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        help="The date of the customer invoices: the last day of the month invoiced, or today when that "
        "day is in a locked period.",
    )
    bill_date = fields.Date(
        string="Vendor Bill Date",
        compute="_compute_bill_date",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        help="The date of the bills the ESN issues under its contractors' mandate (self-billing): the "
        "last day of the month, or today when that day is in a locked period. The other bills await "
        "the contractor's own invoice: they take its number and date.",
    )
    date_warning = fields.Char(compute="_compute_date_warning")
    line_ids = fields.One2many(
        "esn.month.end.invoicing.line", "wizard_id", compute="_compute_line_ids", store=True, readonly=True
    )
    state = fields.Selection([("preview", "Preview"), ("done", "Done")], default="preview", required=True)
    invoice_ids = fields.Many2many(
        "account.move", "esn_month_end_invoicing_invoice_rel", string="Customer Invoices", readonly=True
    )
    bill_ids = fields.Many2many(
        "account.move", "esn_month_end_invoicing_bill_rel", string="Vendor Bills", readonly=True
    )

    def _selection_month(self):
        this_month = fields.Date.context_today(self).replace(day=1)
        months = [this_month - relativedelta(months=back) for back in range(MONTHS_BACK + 1)]
        return [
            (month.strftime("%Y-%m"), format_date(self.env, month, date_format="MMMM yyyy"))
            for month in months
        ]

    def _default_month(self):
        return (fields.Date.context_today(self) - relativedelta(months=1)).strftime("%Y-%m")

    def _month_end(self):
        return fields.Date.to_date(f"{self.month}-01") + relativedelta(day=31)

    def _lock_date(self, journal_type):
        """The last day the user cannot date a `journal_type` move of the company on."""
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.company_id),
                ("type", "=", journal_type),
            ],
            limit=1,
        )
        return self.company_id._get_user_fiscal_lock_date(journal)

    def _open_month_end(self, journal_type):
        month_end = self._month_end()
        return fields.Date.context_today(self) if month_end <= self._lock_date(journal_type) else month_end

    @api.depends("company_id", "month")
    def _compute_invoice_date(self):
        for wizard in self:
            wizard.invoice_date = wizard.month and wizard._open_month_end("sale")

    @api.depends("company_id", "month")
    def _compute_bill_date(self):
        for wizard in self:
            wizard.bill_date = wizard.month and wizard._open_month_end("purchase")

    @api.depends("company_id", "month")
    def _compute_date_warning(self):
        for wizard in self:
            month_end = wizard.month and wizard._month_end()
            wizard.date_warning = (
                month_end
                and month_end <= max(wizard._lock_date("sale"), wizard._lock_date("purchase"))
                and self.env._(
                    "%(date)s is in a locked period: the invoices and bills are dated today.",
                    date=format_date(self.env, month_end),
                )
            )

    def _check_dates_open(self):
        for date, journal_type in ((self.invoice_date, "sale"), (self.bill_date, "purchase")):
            lock_date = self._lock_date(journal_type)
            if date <= lock_date:
                raise UserError(
                    self.env._(
                        "The entries are locked until %(lock)s: date the invoices and bills after it.",
                        lock=format_date(self.env, lock_date),
                    )
                )

    @api.depends("company_id", "month", "partner_ids")
    def _compute_line_ids(self):
        for wizard in self:
            # all the month's reports at once: per client, each field would be read once per client
            reports = wizard._reports()
            ready = reports.filtered("delivered")
            to_invoice = ready.filtered(lambda cra: not cra._billing_moves())
            to_bill = ready.filtered(lambda cra: cra.supplier_id and not cra._billing_moves(vendor=True))
            amounts = to_invoice._invoiced_amounts()
            groups = reports.grouped(lambda cra: (cra.partner_id, cra.currency_id))
            wizard.line_ids = [fields.Command.clear()] + [
                fields.Command.create(
                    wizard._line_values(partner, currency, cras, cras & to_invoice, cras & to_bill, amounts)
                )
                for (partner, currency), cras in sorted(groups.items(), key=lambda item: item[0][0].name)
            ]

    def _reports(self):
        """The month's reports that the user reads: searched with their rights (their companies,
        ESN access), then read as the preview is computed."""
        domain = [("company_id", "=", self.company_id.id), ("month", "=", self.month)]
        if self.partner_ids:
            domain.append(("partner_id", "in", self.partner_ids.ids))
        # sudo: the user's rights choose the reports (sudo(False)); the stored compute reads them as superuser
        return self.env["esn.cra"].sudo(False).search(domain).sudo(self.env.su)

    def _line_values(self, partner, currency, cras, to_invoice, to_bill, amounts):
        """The preview of a client's invoice: `amounts` is what the invoice lines bill per report."""
        ready = cras.filtered("delivered")
        return {
            "partner_id": partner.id,
            "currency_id": currency.id,
            "cra_ids": [fields.Command.set(cras.ids)],
            "ready_count": len(to_invoice | to_bill),
            "invoiced_count": len(ready - to_invoice - to_bill),
            "days": sum(to_invoice.mapped("total_days")),
            "amount": sum(amounts[cra.id] for cra in to_invoice),
            "blocking_reasons": "\n".join(
                (cras - ready)._not_ready_reasons() + self._posting_problems(partner, to_invoice, to_bill)
            ),
        }

    def _posting_problems(self, partner, to_invoice, to_bill):
        """What keeps the invoice or the bills in draft once created: the client's identification
        French law asks for, a contractor not compliant when the company blocks."""
        problems = []
        if to_invoice:
            invoice = self.env["account.move"].new(
                {"move_type": "out_invoice", "partner_id": partner.id, "company_id": self.company_id.id}
            )
            problems += invoice._esn_invoice_identity_problems()
        if self.company_id.esn_compliance_enforcement == "block":
            for cra in to_bill:
                try:
                    cra.mission_id._check_vigilance(cra, "action_post")
                except (UserError, RedirectWarning):
                    problems.append(
                        self.env._(
                            "%(report)s: %(contractor)s is not compliant (obligation de vigilance), its bill "
                            "cannot be posted.",
                            report=cra.display_name,
                            contractor=cra.supplier_id.display_name,
                        )
                    )
        return problems

    # ------------------------------------------------------------------ the run

    def action_create(self):
        return self._run()

    def action_create_post(self):
        return self._run(post=True)

    def action_create_post_send(self):
        return self._run(post=True, send=True)

    def _run(self, post=False, send=False):
        """Invoice the reports ready in the preview (as they are now)."""
        self.ensure_one()
        self.env["esn.cra"]._check_invoicing_rights()
        self._check_dates_open()
        cras = self.line_ids.cra_ids.filtered("delivered")
        if not cras:
            raise UserError(self.env._("Nothing is ready to invoice in this selection."))
        return self._invoice(cras, post, send)

    def _invoice(self, cras, post, send):
        """Invoice `cras`, then show the invoices and the bills created."""
        moves = cras._create_invoices(self.invoice_date, self.bill_date, post=post, send=send)
        if not moves:
            raise UserError(self.env._("These activity reports are already invoiced."))
        self.write(
            {
                "state": "done",
                "invoice_ids": [
                    fields.Command.set(moves.filtered(lambda m: m.move_type == "out_invoice").ids)
                ],
                "bill_ids": [fields.Command.set(moves.filtered(lambda m: m.move_type == "in_invoice").ids)],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Month-End Invoicing"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "context": {"dialog_size": "extra-large"},
        }

    def action_view_invoices(self):
        return self.env["esn.cra"]._action_view_moves(
            self.invoice_ids, "account.action_move_out_invoice_type"
        )

    def action_view_bills(self):
        return self.env["esn.cra"]._action_view_moves(self.bill_ids, "account.action_move_in_invoice_type")


class EsnMonthEndInvoicingLine(models.TransientModel):
    """A client's month in the invoicing run's preview."""

    _name = "esn.month.end.invoicing.line"
    _description = "Month-End Invoicing Run Line"
    _order = "id"

    wizard_id = fields.Many2one("esn.month.end.invoicing", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    cra_ids = fields.Many2many("esn.cra", string="Activity Reports", readonly=True)
    report_count = fields.Integer(string="Reports", compute="_compute_report_count")
    ready_count = fields.Integer(string="To Invoice", readonly=True, help="Reports ready, not invoiced yet.")
    invoiced_count = fields.Integer(string="Already Invoiced", readonly=True)
    days = fields.Float(string="Days to Invoice", readonly=True)
    amount = fields.Monetary(string="To Invoice (excl. VAT)", readonly=True, help="Excluding taxes.")
    blocking_reasons = fields.Text(readonly=True)

    @api.depends("cra_ids")
    def _compute_report_count(self):
        for line in self:
            line.report_count = len(line.cra_ids)
