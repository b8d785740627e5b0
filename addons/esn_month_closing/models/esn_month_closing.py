import datetime
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date, formatLang


class EsnMonthClosing(models.Model):
    """A company's month closed: revenue earned and contractors' days not yet invoiced or billed
    at month end booked as accruals (reversed on the 1st), the payroll locked, then the month's
    reports frozen. Reopening it is logged with its reason."""

    _name = "esn.month.closing"
    _description = "Month-End Closing"
    _inherit = ["esn.company.month.mixin", "mail.thread", "esn.workflow.mixin"]
    _order = "month desc, company_id"
    _check_company_auto = True
    _workflow_fields = {
        "state": "action_close",
        "closed_by_id": "action_close",
        "closed_on": "action_close",
        "accrual_move_id": "action_post_accruals",
        "accrual_reversal_id": "action_post_accruals",
        "accrued_revenue": "action_post_accruals",
        "accrued_cost": "action_post_accruals",
        "accruals_posted_on": "action_post_accruals",
    }
    _create_only_fields = ("company_id", "month")

    name = fields.Char(compute="_compute_name")
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")], default="open", required=True, readonly=True, tracking=True
    )
    accrual_move_id = fields.Many2one("account.move", string="Accruals", readonly=True, copy=False)
    accrual_reversal_id = fields.Many2one(
        "account.move", string="Accruals Reversed", readonly=True, copy=False
    )
    accrued_revenue = fields.Monetary(
        readonly=True,
        help="Produits à recevoir: validated (and client-approved) days not invoiced by month end.",
    )
    accrued_cost = fields.Monetary(
        string="Accrued Costs",
        readonly=True,
        help="Charges à payer: contractors' validated days not billed by month end.",
    )
    accruals_posted_on = fields.Datetime(readonly=True, copy=False)
    payroll_period_id = fields.Many2one("esn.payroll.period", compute="_compute_payroll_period")
    payroll_state = fields.Selection(
        [("open", "Open"), ("locked", "Locked")], string="Payroll", compute="_compute_payroll_period"
    )
    closed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    closed_on = fields.Datetime(readonly=True, copy=False)
    reopening_ids = fields.One2many("esn.month.reopening", "closing_id", string="Reopenings")

    _sql_constraints = [
        (
            "company_month_uniq",
            "unique(company_id, month)",
            "A company closes a month once (reopen it to change it).",
        )
    ]

    @api.depends("month")
    @api.depends_context("lang")
    def _compute_name(self):
        for closing in self:
            closing.name = self.env._("Closing %(month)s", month=closing._month_label())

    def _compute_payroll_period(self):
        # sudo: whether the payroll is locked, whoever closes the month
        periods = (
            self.env["esn.payroll.period"]
            .sudo()
            .search([("company_id", "in", self.company_id.ids), ("month", "in", self.mapped("month"))])
        )
        for closing in self:
            period = periods.filtered(
                lambda period, closing=closing: (
                    (period.company_id, period.month) == (closing.company_id, closing.month)
                )
            )
            closing.payroll_period_id = period.sudo(False)
            closing.payroll_state = period.state

    # ------------------------------------------------------------------ actions

    def _check_admin(self):
        if not self.env.su and not self.env.user.has_group("esn_base.group_esn_admin"):
            raise AccessError(
                self.env._("Only ESN administrators post the accruals and close or reopen a month.")
            )
        self.check_access("write")

    def _check_open(self):
        closed = self.filtered(lambda closing: closing.state == "closed")
        if closed:
            raise UserError(self.env._("%(month)s is closed: reopen it first.", month=closed[0].name))

    def action_post_accruals(self):
        """Book the month's accrued revenue and costs in one entry dated the month's last day,
        reversed on the 1st of the next month. A second run cancels the first run's entries and
        replaces them."""
        self._check_admin()
        self._check_open()
        self._lock_rows()
        for closing in self:
            # sudo: the entries are the closing's; ESN administrators need not be accountants
            closing.sudo()._cancel_accruals()
            revenue, cost, line_vals = closing._accrual_lines()
            move = reversal = self.env["account.move"]
            if line_vals:
                move = closing.sudo()._post_accrual_entry(line_vals)
                reversal = move._reverse_moves(
                    default_values_list=[
                        {
                            "ref": self.env._("Reversal of: %(ref)s", ref=move.ref),
                            "date": closing.date_to + datetime.timedelta(days=1),
                        }
                    ]
                )
                reversal._post()
            closing._workflow_write(
                {
                    "accrual_move_id": move.id,
                    "accrual_reversal_id": reversal.id,
                    "accrued_revenue": revenue,
                    "accrued_cost": cost,
                    "accruals_posted_on": fields.Datetime.now(),
                }
            )
            closing.message_post(
                body=self.env._(
                    "Accruals posted: %(revenue)s of revenue, %(cost)s of costs.",
                    revenue=closing._format_amount(revenue),
                    cost=closing._format_amount(cost),
                )
            )
        return True

    def action_close(self):
        """Close the month once its payroll is locked and its accruals posted: its reports are
        frozen. Accountants may then lock the books (action_lock_books)."""
        self._check_admin()
        self._check_open()
        self._lock_rows()
        for closing in self:
            if not closing.accruals_posted_on:
                raise UserError(
                    self.env._("Post the accruals of %(month)s before closing it.", month=closing.name)
                )
            if closing._needs_payroll() and closing.payroll_state != "locked":
                raise UserError(
                    self.env._(
                        "The payroll variables of %(month)s are not locked: export and lock them before "
                        "closing the month.",
                        month=closing.name,
                    )
                )
        for closing in self:
            # sudo: every report of the month is frozen, whoever closes it
            reports = (
                self.env["esn.cra"]
                .sudo()
                .search([("company_id", "=", closing.company_id.id), ("month", "=", closing.month)])
            )
            reports._workflow_write({"month_closing_id": closing.id})
        self._workflow_write(
            {"state": "closed", "closed_by_id": self.env.uid, "closed_on": fields.Datetime.now()}
        )
        return True

    def action_lock_books(self):
        """Odoo's sales and purchases lock dates moved to the closed month's end (never back): no
        invoice or bill can then be dated in it. For accountants (Community has no lock dates
        screen of its own)."""
        if not self.env.user.has_group("account.group_account_manager"):
            raise AccessError(self.env._("Only accounting administrators lock the books."))
        self.check_access("read")
        not_closed = self.filtered(lambda closing: closing.state != "closed")
        if not_closed:
            raise UserError(self.env._("%(month)s is not closed.", month=not_closed[0].name))
        for closing in self.sorted("month"):
            company = closing.company_id
            lock_dates = {
                name: closing.date_to
                for name in ("sale_lock_date", "purchase_lock_date")
                if not company[name] or company[name] < closing.date_to
            }
            if lock_dates:
                # sudo: company settings are Odoo administrators'; accounting administrators checked above
                company.sudo().write(lock_dates)
                # sudo: accountants read the closing; its history records who locked the books
                closing.sudo().message_post(
                    author_id=self.env.user.partner_id.id,
                    body=self.env._(
                        "Sales and purchases locked up to %(date)s.",
                        date=format_date(self.env, closing.date_to),
                    ),
                )
        return True

    def action_reopen(self, reason):
        """Reopen a closed month, with the reason (logged): its reports can change again."""
        self._check_admin()
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(self.env._("Give the reason for reopening the month."))
        self._lock_rows()
        not_closed = self.filtered(lambda closing: closing.state != "closed")
        if not_closed:
            raise UserError(self.env._("%(month)s is not closed.", month=not_closed[0].name))
        self._workflow_write({"state": "open", "closed_by_id": False, "closed_on": False})
        # sudo: the log is written by this action only, read by everyone who reads the month
        self.env["esn.month.reopening"].sudo().create(
            [
                {"closing_id": closing.id, "user_id": self.env.uid, "reason": reason.strip()}
                for closing in self
            ]
        )
        for closing in self:
            closing.message_post(body=self.env._("Month reopened: %(reason)s", reason=reason.strip()))
        return True

    def action_open_reopen_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen the Month"),
            "res_model": "esn.month.reopen.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_closing_id": self.id},
        }

    # ------------------------------------------------------------------ accruals

    def _ready_reports(self):
        """(reports not invoiced, reports not billed) by the month's end: validated (and approved
        by the client for the revenue) without a posted invoice, or bill, dated in the month or
        before."""
        # sudo: the month's reports and their invoices, whoever closes it
        cras = (
            self.env["esn.cra"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("month", "=", self.month),
                    ("validation_state", "=", "validated"),
                ]
            )
        )

        def billed(cra, vendor):
            return any(
                move.state == "posted" and move.invoice_date and move.invoice_date <= self.date_to
                for move in cra._billing_moves(vendor=vendor)
            )

        not_invoiced = cras.filtered(lambda cra: cra.delivered and not billed(cra, False))
        not_billed = cras.filtered(lambda cra: cra.supplier_id and not billed(cra, True))
        return not_invoiced, not_billed

    def _accrual_lines(self):
        """(revenue, cost, [line values]) of the month's accruals: each report's lines as its
        invoice or bill would be made (same code, same accounts and analytic distribution), in the
        company's currency at the month's end."""
        self.ensure_one()
        company = self.company_id
        revenue_account, cost_account = company._esn_accrual_accounts()
        if not revenue_account or not cost_account:
            raise UserError(
                self.env._("Set the accrued revenue and costs accounts of %(company)s.", company=company.name)
            )
        not_invoiced, not_billed = self._ready_reports()
        dates = {"out_invoice": self.date_to, "in_invoice": self.date_to}
        by_account = defaultdict(float)
        for move_type, cras in (("out_invoice", not_invoiced), ("in_invoice", not_billed)):
            for vals in cras._move_values(move_type, dates):
                # sudo: the move as invoicing would create it, in memory, never saved: its lines'
                # accounts and amounts
                move = self.env["account.move"].sudo().new(vals)
                for line in move.invoice_line_ids:
                    amount = move.currency_id._convert(
                        line.price_subtotal, company.currency_id, company, self.date_to
                    )
                    key = (move_type, line.account_id, frozenset((line.analytic_distribution or {}).items()))
                    by_account[key] += amount
        lines, revenue, cost = [], 0.0, 0.0
        label = self.env._("Accruals %(month)s", month=self.month)
        for (move_type, account, analytic), unrounded in by_account.items():
            amount = company.currency_id.round(unrounded)
            sign = -1 if move_type == "out_invoice" else 1
            if move_type == "out_invoice":
                revenue += amount
            else:
                cost += amount
            lines.append(
                {
                    "name": label,
                    "account_id": account.id,
                    "balance": sign * amount,
                    "analytic_distribution": dict(analytic) or False,
                }
            )
        if revenue:
            lines.append({"name": label, "account_id": revenue_account.id, "balance": revenue})
        if cost:
            lines.append({"name": label, "account_id": cost_account.id, "balance": -cost})
        return revenue, cost, lines

    def _post_accrual_entry(self, line_vals):
        company = self.company_id
        journal = company.automatic_entry_default_journal_id or self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(company), ("type", "=", "general")], limit=1
        )
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "company_id": company.id,
                "journal_id": journal.id,
                "date": self.date_to,
                "ref": self.env._("Accrued revenue and costs %(month)s", month=self.month),
                "line_ids": [fields.Command.create(vals) for vals in line_vals],
            }
        )
        move._post()
        return move

    def _cancel_accruals(self):
        """The previous run's entries cancelled (kept, as an audit trail)."""
        moves = (self.accrual_move_id | self.accrual_reversal_id).filtered(
            lambda move: move.state == "posted"
        )
        if moves:
            moves.button_draft()
            moves.button_cancel()

    def _needs_payroll(self):
        """Whether the company had salaried consultants on missions in the month."""
        return bool(
            self.env["esn.payroll.period"]._salaried_missions(self.company_id, self.date_from, self.date_to)
        )

    def _format_amount(self, amount):
        return formatLang(self.env, amount, currency_obj=self.currency_id)
