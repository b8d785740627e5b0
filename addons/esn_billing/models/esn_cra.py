from collections import defaultdict, namedtuple

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_date, get_lang

from odoo.addons.esn_base.batch import notification

WorkedDay = namedtuple("WorkedDay", "date quantity on_call sell_rate buy_rate")


class EsnCra(models.Model):
    _inherit = "esn.cra"
    _workflow_fields = {
        "invoice_line_ids": "action_create_invoices",
        "vendor_bill_line_ids": "action_create_invoices",
    }

    invoice_line_ids = fields.One2many(
        "account.move.line",
        "esn_cra_id",
        string="Invoice Lines",
        readonly=True,
        groups="base.group_user",
        domain=[("move_id.move_type", "=", "out_invoice"), ("display_type", "=", "product")],
    )
    vendor_bill_line_ids = fields.One2many(
        "account.move.line",
        "esn_cra_id",
        string="Vendor Bill Lines",
        readonly=True,
        groups="base.group_user",
        domain=[("move_id.move_type", "=", "in_invoice"), ("display_type", "=", "product")],
    )
    currency_id = fields.Many2one(related="mission_id.currency_id")
    # stored: the margin report and the dashboard sum them over a year of reports
    days_sell_amount = fields.Monetary(
        string="Days at Sell Rates",
        compute="_compute_days_amounts",
        store=True,
        compute_sudo=True,
        groups="esn_base.group_esn_user",
        help="The declared days at the sell rates in force each day, in the mission's currency.",
    )
    days_buy_amount = fields.Monetary(
        string="Days at Buy Rates",
        compute="_compute_days_amounts",
        store=True,
        compute_sudo=True,
        groups="esn_base.group_esn_manager",
        help="The declared days at the buy rates in force each day, in the mission's currency.",
    )
    invoice_ids = fields.Many2many(
        "account.move", compute="_compute_moves", string="Invoices", groups="base.group_user"
    )
    vendor_bill_ids = fields.Many2many(
        "account.move", compute="_compute_moves", string="Vendor Bills", groups="base.group_user"
    )

    @api.depends("line_ids.quantity", "line_ids.sell_rate", "line_ids.buy_rate")
    def _compute_days_amounts(self):
        for cra in self:
            cra.days_sell_amount = sum(line.quantity * line.sell_rate for line in cra.line_ids)
            cra.days_buy_amount = sum(line.quantity * line.buy_rate for line in cra.line_ids)

    @api.depends("invoice_line_ids.move_id", "vendor_bill_line_ids.move_id")
    def _compute_moves(self):
        for cra in self:
            cra.invoice_ids = cra.invoice_line_ids.move_id
            cra.vendor_bill_ids = cra.vendor_bill_line_ids.move_id

    @api.depends(
        "invoice_line_ids.move_id.state",
        "invoice_line_ids.move_id.amount_total",
        "invoice_line_ids.move_id.reversal_move_ids.state",
        "invoice_line_ids.move_id.reversal_move_ids.amount_total",
    )
    def _compute_state(self):  # pylint: disable=missing-return
        """'Invoiced' while a customer invoice bills the validated report, whatever happens to the
        invoice: cancelled, reset to draft, reversed by a credit note (itself posted, reset or
        deleted), deleted."""
        super()._compute_state()
        for cra in self.filtered(lambda cra: cra.validation_state == "validated"):
            if cra._billing_moves():
                cra.state = "invoiced"

    def _billing_moves(self, vendor=False):
        """The invoices (or bills) that still bill these reports."""
        # sudo: billed or not whoever asks: ESN users read no bills, and only their own invoices
        lines = self.sudo().vendor_bill_line_ids if vendor else self.sudo().invoice_line_ids
        return lines.move_id.filtered(lambda move: move._esn_still_bills()).sudo(False)

    # ------------------------------------------------------------------ invoicing

    def action_create_invoices(self, invoice_date=None, bill_date=None):
        """Draft customer invoices (and vendor bills for external consultants) of the reports ready
        to invoice; each report is billed once. `invoice_date` dates the customer invoices and
        `bill_date` the self-billed bills (default: left to the accountant). Returns the ids of the
        moves created."""
        self._check_invoicing_rights()
        # the rows are rewritten: a concurrent invoicing of the same reports waits, then is retried
        # on a snapshot that sees what this one billed
        self._lock_rows()
        self._check_ready_to_invoice()
        to_invoice = self.filtered(lambda cra: not cra._billing_moves())
        to_bill = self.filtered(lambda cra: cra.supplier_id and not cra._billing_moves(vendor=True))
        dates = {
            "out_invoice": fields.Date.to_date(invoice_date),
            "in_invoice": fields.Date.to_date(bill_date),
        }
        vals_list = to_invoice._move_values("out_invoice", dates) + to_bill._move_values("in_invoice", dates)
        # sudo: the lines' report links are set in superuser mode only; invoicing rights checked above
        moves = self.env["account.move"].sudo().create(vals_list)
        moves._esn_link_timesheets()
        return moves.ids

    def _create_invoices(self, invoice_date=None, bill_date=None, post=False, send=False):
        """The moves `action_create_invoices` creates, posted (those the law and the vigilance let
        post) and sent by e-mail in the background when asked."""
        moves = self.env["account.move"].browse(
            self.action_create_invoices(
                invoice_date=fields.Date.to_string(invoice_date) if invoice_date else None,
                bill_date=fields.Date.to_string(bill_date) if bill_date else None,
            )
        )
        if post:
            posted = moves._esn_post_each()
            if send:
                posted._esn_send()
        return moves

    def _not_ready_reasons(self):
        """Why each of these reports is not ready to invoice, in words."""
        reasons = []
        for cra in self:
            if cra.state not in ("validated", "invoiced"):
                reason = self.env._(
                    "%(report)s: not validated (%(state)s)",
                    report=cra.display_name,
                    state=cra._state_description(),
                )
            elif cra.client_state == "pending":
                reason = self.env._("%(report)s: awaiting the client's approval", report=cra.display_name)
            else:
                reason = self.env._("%(report)s: refused by the client", report=cra.display_name)
            reasons.append(reason)
        return reasons

    def _check_ready_to_invoice(self):
        not_ready = self.filtered(lambda cra: not cra.delivered)
        if not_ready:
            raise UserError(
                self.env._(
                    "These activity reports are not ready to invoice (not validated, or awaiting or refused "
                    "by the client): %(cras)s",
                    cras=", ".join(
                        f"{cra.display_name} ({cra._state_description()})" for cra in not_ready[:20]
                    ),
                )
            )

    def _check_invoicing_rights(self):
        if not (
            self.env.user.has_group("esn_base.group_esn_manager")
            or self.env.user.has_group("account.group_account_invoice")
        ):
            raise AccessError(
                self.env._("Only ESN managers and invoicing users can invoice activity reports.")
            )

    def _state_description(self):
        selection = dict(self._fields["state"]._description_selection(self.env))
        client = dict(self._fields["client_state"]._description_selection(self.env))
        return (
            selection[self.state]
            if self.client_state == "none"
            else f"{selection[self.state]}, {client[self.client_state]}"
        )

    def _grouping_key(self, move_type):
        mission = self.mission_id
        if move_type == "in_invoice":
            return (self.company_id, self.supplier_id, self.currency_id, self.month)
        # an order's missions are invoiced on their own, on the order's terms
        # sudo: the order may be another salesperson's (sales rules); invoicing users read no missions
        order = mission.sudo().sale_line_id.order_id
        grouping = self.company_id.esn_invoice_grouping
        if grouping == "mission":
            return (self.company_id, mission, self.currency_id)
        if grouping == "po":
            return (self.company_id, self.partner_id, self.currency_id, mission.client_po or "", order)
        return (self.company_id, self.partner_id, self.currency_id, self.month, order)

    def _move_values(self, move_type, dates):
        """account.move values, one per grouping key, one line per report and rate period."""
        # grouped(): the groups share one prefetch, each field is read once for all the reports;
        # the days in one query, not a thousand at a time
        groups = self.grouped(lambda cra: cra._grouping_key(move_type))
        worked_days = self._worked_days()
        customer = move_type == "out_invoice"
        product = self.env.ref("esn_mission.product_consultant_day")
        day = self.env.ref("uom.product_uom_day")
        vals_list = []
        for cras in groups.values():
            first = cras[0]
            company = first.company_id
            # sudo: the order and its invoicing terms, whoever invoices (see _grouping_key)
            order = first.mission_id.sudo().sale_line_id.order_id if customer else None
            if order:
                partner, position = order.partner_invoice_id, order.fiscal_position_id
            else:
                partner = first.partner_id if customer else first.supplier_id
                position = cras._fiscal_position(move_type, partner)
            seller = company if customer else partner.commercial_partner_id
            tax = company._esn_service_tax("sale" if customer else "purchase", seller.esn_vat_on_debits) or (
                product.taxes_id if customer else product.supplier_taxes_id
            ).filtered(lambda tax, company=company: tax.company_id == company)
            taxes = position.map_tax(tax)
            lines = [
                line
                for cra in cras
                for line in cra._invoice_line_values(move_type, product, taxes, day, worked_days[cra.id])
            ]
            if not lines:
                continue
            vals = {
                "move_type": move_type,
                "company_id": company.id,
                "partner_id": partner.id,
                "currency_id": first.currency_id.id,
                "fiscal_position_id": position.id,
                "invoice_origin": ", ".join(cras.mapped("display_name")),
                "delivery_date": max(line["esn_period_end"] for line in lines),
                "invoice_line_ids": [fields.Command.create(line) for line in lines],
            }
            if order:
                # the order's invoice address, payment terms, team, salesperson… as Odoo invoices it
                vals = {**order._prepare_invoice(), **vals}
            if move_type == "out_invoice":
                pos = sorted({cra.mission_id.client_po for cra in cras if cra.mission_id.client_po})
                vals.update(
                    ref=", ".join(pos) or vals.get("ref") or False, invoice_date=dates["out_invoice"] or False
                )
                if not order and not partner.with_company(company).property_payment_term_id:
                    # without the client's terms, French law's: thirty days after the service (L441-10 I)
                    legal_term = self.env.ref("account.account_payment_term_30days", raise_if_not_found=False)
                    vals["invoice_payment_term_id"] = legal_term.id if legal_term else False
            elif partner._esn_self_billed():
                vals.update(
                    journal_id=company._esn_self_billing_journal().id,
                    invoice_date=dates["in_invoice"] or False,
                )
            vals_list.append(vals)
        return vals_list

    def _invoiced_amounts(self):
        """What the customer invoice lines of these reports bill before taxes, per report: the
        lines `_invoice_line_values` makes, without the invoice around them (its fiscal position
        and taxes change no amount before taxes)."""
        worked_days = self._worked_days()
        product = self.env.ref("esn_mission.product_consultant_day")
        day = self.env.ref("uom.product_uom_day")
        no_taxes = self.env["account.tax"]
        return {
            cra.id: sum(
                line["quantity"] * line["price_unit"] * (1 - (line.get("discount") or 0) / 100)
                for line in cra._invoice_line_values(
                    "out_invoice", product, no_taxes, day, worked_days[cra.id]
                )
            )
            for cra in self
        }

    def _worked_days(self):
        """{report id: [WorkedDay] by date}: the days declared worked of these reports, in one
        query, as tuples: a month end reads tens of thousands of days, which as records cost more
        than the invoices' lines they make."""
        self.env["esn.cra.line"].flush_model(["cra_id", *WorkedDay._fields])
        rows = self.env.execute_query(
            SQL(
                """SELECT cra_id, date, quantity, COALESCE(on_call, FALSE), COALESCE(sell_rate, 0),
                          COALESCE(buy_rate, 0)
                     FROM esn_cra_line
                    WHERE cra_id = ANY(%s) AND quantity != 0
                 ORDER BY date, id""",
                self.ids,
            )
        )
        worked_days = defaultdict(list)
        for cra_id, *day in rows:
            worked_days[cra_id].append(WorkedDay(*day))
        return worked_days

    def _fiscal_position(self, move_type, partner):
        """The client's fiscal position as Odoo finds it; for bills, the contractor's VAT regime
        alone (none for a contractor charging French VAT, with or without a VAT number)."""
        company = self[:1].company_id
        if move_type == "in_invoice":
            return partner._esn_vat_fiscal_position(company)
        return self.env["account.fiscal.position"].with_company(company)._get_fiscal_position(partner)

    def _invoice_line_values(self, move_type, product, taxes, day, worked_days):
        """Days × the rate in force, split where an amendment changes the rate; each line covers the
        first to the last day declared at its rate. Lines of a mission sold on a sale order are
        built by the order line, in its unit. `worked_days`: the report's (`_worked_days`)."""
        self.ensure_one()
        # sudo: the mission's buy rates are the managers' (groups=); invoicing users read no missions
        mission = self.mission_id.sudo()
        customer = move_type == "out_invoice"
        # the lines read in the language of whom the invoice or bill is for
        partner = mission.partner_id if customer else mission.supplier_id
        reader = self.with_context(lang=partner.lang or self.env.lang).env
        sale_line = mission.sale_line_id if customer else self.env["sale.order.line"]
        product = mission.sale_line_id.product_id or product
        analytic = {str(mission.project_id.account_id.id): 100} if mission.project_id.account_id else False
        values = []
        for start, end, _sell_rate, _buy_rate in mission._rate_periods(self.date_from, self.date_to):
            for on_call in (False, True):
                declared = [
                    worked
                    for worked in worked_days
                    if start <= worked.date <= end and worked.on_call == on_call
                ]
                if not declared:
                    continue
                days = sum(worked.quantity for worked in declared)
                first, last = min(worked.date for worked in declared), max(worked.date for worked in declared)
                label = reader._(
                    "%(mission)s %(consultant)s, %(start)s to %(end)s",
                    mission=mission.name,
                    consultant=self.employee_id.name,
                    start=self._format_day(reader, first),
                    end=self._format_day(reader, last),
                )
                if on_call:
                    label += " - " + reader._("on call")
                if customer and mission.client_po:
                    label += " - " + reader._("PO %(po)s", po=mission.client_po)
                # one rate per amendment period: the days' own
                rate = declared[0].sell_rate if customer else declared[0].buy_rate
                line = {
                    "product_id": product.id,
                    "name": label,
                    "quantity": days,
                    "product_uom_id": day.id,
                    "price_unit": rate,
                    "tax_ids": [fields.Command.set(taxes.ids)],
                    "esn_cra_id": self.id,
                    "esn_period_start": first,
                    "esn_period_end": last,
                    "analytic_distribution": analytic,
                }
                if sale_line:
                    unit = sale_line.product_uom
                    line = sale_line._prepare_invoice_line(
                        **{
                            **line,
                            "quantity": self.employee_id._esn_days_in_unit(days, unit),
                            "product_uom_id": unit.id,
                            "price_unit": rate / self.employee_id._esn_days_in_unit(1, unit),
                            "analytic_distribution": analytic or sale_line.analytic_distribution,
                        }
                    )
                values.append(line)
        return values + self._on_call_period_line_values(move_type, taxes, reader, analytic)

    def _format_day(self, reader, day):
        """`day` in the language of `reader`, as format_date, once per cursor (a request, a job): a
        month end labels thousands of lines with the month's thirty days, and format_date looks the
        language up each time."""
        formatted = self.env.cr.cache.setdefault("esn_billing_formatted_days", {})
        # without a language, format_date falls back on the user's company's: part of the key
        key = (reader.lang or get_lang(reader).code, day)
        if key not in formatted:
            formatted[key] = format_date(reader, day)
        return formatted[key]

    def _on_call_period_line_values(self, move_type, taxes, reader, analytic):
        """One line per on-call period starting this month, at its amount for the client or the
        contractor; its service period ends with the month at the latest (the invoice's date)."""
        customer = move_type == "out_invoice"
        # sudo: the period's cost is the managers' (groups=), whoever runs the invoicing
        periods = self.on_call_period_ids.sudo()
        if not periods:
            return []
        # sudo: the mission's name and PO, whoever invoices: invoicing users read no missions
        mission = self.mission_id.sudo()
        product = self.env.ref("esn_mission.product_on_call_period")
        values = []
        for period in periods:
            amount = period.sell_amount if customer else period.cost_amount
            if not amount:
                continue
            label = reader._(
                "%(mission)s %(consultant)s, on-call period %(start)s to %(end)s",
                mission=mission.name,
                consultant=self.employee_id.name,
                start=self._format_day(reader, period.date_start),
                end=self._format_day(reader, period.date_end),
            )
            if customer and mission.client_po:
                label += " - " + reader._("PO %(po)s", po=mission.client_po)
            values.append(
                {
                    "product_id": product.id,
                    "name": label,
                    "quantity": 1,
                    "product_uom_id": product.uom_id.id,
                    "price_unit": amount,
                    "tax_ids": [fields.Command.set(taxes.ids)],
                    "esn_cra_id": self.id,
                    "esn_period_start": period.date_start,
                    "esn_period_end": min(period.date_end, self.date_to),
                    "analytic_distribution": analytic,
                }
            )
        return values

    def action_open_invoices(self):
        """Back-office button: invoice, say what was created, and show the customer invoices in
        their own list (the vendor bills in theirs when there are no invoices)."""
        moves = self.env["account.move"].browse(self.action_create_invoices())
        if not moves:
            raise UserError(self.env._("These activity reports are already invoiced."))
        invoices = moves.filtered(lambda move: move.move_type == "out_invoice")
        bills = moves - invoices
        if invoices:
            action = self._action_view_moves(invoices, "account.action_move_out_invoice_type")
        else:
            action = self._action_view_moves(bills, "account.action_move_in_invoice_type")
        return notification(
            self.env._(
                "%(invoices)s customer invoices and %(bills)s vendor bills created (in draft).",
                invoices=len(invoices),
                bills=len(bills),
            ),
            kind="success",
            next_action=action,
        )

    def action_view_invoices(self):
        return self._action_view_moves(self.invoice_ids, "account.action_move_out_invoice_type")

    def action_view_vendor_bills(self):
        return self._action_view_moves(self.vendor_bill_ids, "account.action_move_in_invoice_type")

    def _action_view_moves(self, moves, xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        # the action's own context (its move type) shows the list's customer or vendor column
        action["domain"] = [("id", "in", moves.ids)]
        return action
