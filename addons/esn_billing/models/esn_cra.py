from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


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
        domain=[("move_id.move_type", "=", "out_invoice"), ("display_type", "=", "product")],
    )
    vendor_bill_line_ids = fields.One2many(
        "account.move.line",
        "esn_cra_id",
        string="Vendor Bill Lines",
        readonly=True,
        domain=[("move_id.move_type", "=", "in_invoice"), ("display_type", "=", "product")],
    )
    currency_id = fields.Many2one(related="mission_id.currency_id")
    invoice_ids = fields.Many2many("account.move", compute="_compute_moves", string="Invoices")
    vendor_bill_ids = fields.Many2many("account.move", compute="_compute_moves", string="Vendor Bills")

    @api.depends("invoice_line_ids.move_id", "vendor_bill_line_ids.move_id")
    def _compute_moves(self):
        for cra in self:
            cra.invoice_ids = cra.invoice_line_ids.move_id
            cra.vendor_bill_ids = cra.vendor_bill_line_ids.move_id

    def _billing_moves(self, vendor=False):
        """The invoices (or bills) that still bill these reports."""
        lines = self.vendor_bill_line_ids if vendor else self.invoice_line_ids
        return lines.move_id.filtered(lambda move: move._esn_still_bills())

    def _refresh_invoiced(self):
        """'invoiced' while a customer invoice bills the report; back to 'validated' once freed."""
        invoiced = self.filtered(lambda cra: cra._billing_moves())
        invoiced.filtered(lambda cra: cra.state == "validated")._workflow_write({"state": "invoiced"})
        (self - invoiced).filtered(lambda cra: cra.state == "invoiced")._workflow_write(
            {"state": "validated"}
        )

    # ------------------------------------------------------------------ invoicing

    def action_create_invoices(self):
        """Draft customer invoices (and vendor bills for external consultants) of the reports ready
        to invoice; each report is billed once. Returns the ids of the moves created."""
        if not (
            self.env.user.has_group("esn_base.group_esn_manager")
            or self.env.user.has_group("account.group_account_invoice")
        ):
            raise AccessError(
                self.env._("Only ESN managers and invoicing users can invoice activity reports.")
            )
        # the rows are rewritten: a concurrent invoicing of the same reports waits, then is retried
        # on a snapshot that sees what this one billed
        self._lock_rows()
        not_ready = self.filtered(
            lambda cra: (
                cra.state not in ("validated", "invoiced") or cra.client_state in ("pending", "refused")
            )
        )
        if not_ready:
            raise UserError(
                self.env._(
                    "These activity reports are not ready to invoice (not validated, or awaiting or refused "
                    "by the client): %(cras)s",
                    cras=", ".join(f"{cra.display_name} ({cra._state_description()})" for cra in not_ready),
                )
            )
        to_invoice = self.filtered(lambda cra: not cra._billing_moves())
        to_bill = self.filtered(lambda cra: cra.supplier_id and not cra._billing_moves(vendor=True))
        vals_list = to_invoice._move_values("out_invoice") + to_bill._move_values("in_invoice")
        moves = self.env["account.move"].sudo().create(vals_list)
        to_invoice._refresh_invoiced()
        return moves.ids

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
        grouping = self.company_id.esn_invoice_grouping
        if grouping == "mission":
            return (self.company_id, mission, self.currency_id)
        if grouping == "po":
            return (self.company_id, self.partner_id, self.currency_id, mission.client_po or "")
        return (self.company_id, self.partner_id, self.currency_id, self.month)

    def _move_values(self, move_type):
        """account.move values, one per grouping key, one line per report and rate period."""
        groups = defaultdict(self.browse)
        for cra in self:
            groups[cra._grouping_key(move_type)] |= cra
        vals_list = []
        for cras in groups.values():
            lines = [line for cra in cras for line in cra._invoice_line_values(move_type)]
            if not lines:
                continue
            first = cras[0]
            partner = first.supplier_id if move_type == "in_invoice" else first.partner_id
            pos = sorted({cra.mission_id.client_po for cra in cras if cra.mission_id.client_po})
            vals_list.append(
                {
                    "move_type": move_type,
                    "company_id": first.company_id.id,
                    "partner_id": partner.id,
                    "currency_id": first.currency_id.id,
                    "ref": ", ".join(pos) if move_type == "out_invoice" else False,
                    "invoice_origin": ", ".join(cras.mapped("display_name")),
                    "invoice_line_ids": [fields.Command.create(line) for line in lines],
                }
            )
        return vals_list

    def _invoice_line_values(self, move_type):
        """Days × the rate in force, split where an amendment changes the rate."""
        self.ensure_one()
        mission = self.mission_id.sudo()
        customer = move_type == "out_invoice"
        product = mission.sale_line_id.product_id or self.env.ref("esn_mission.product_consultant_day")
        analytic = {str(mission.project_id.account_id.id): 100} if mission.project_id.account_id else False
        values = []
        for start, end, sell_rate, buy_rate in mission._rate_periods(self.date_from, self.date_to):
            days = sum(line.quantity for line in self.line_ids if start <= line.date <= end)
            if not days:
                continue
            label = self.env._(
                "%(mission)s %(consultant)s, %(start)s to %(end)s",
                mission=mission.name,
                consultant=self.employee_id.name,
                start=start,
                end=end,
            )
            if customer and mission.client_po:
                label += " - " + self.env._("PO %(po)s", po=mission.client_po)
            line = {
                "product_id": product.id,
                "name": label,
                "quantity": days,
                "price_unit": sell_rate if customer else buy_rate,
                "esn_cra_id": self.id,
                "esn_period_start": start,
                "esn_period_end": end,
                "analytic_distribution": analytic,
            }
            if customer and mission.sale_line_id:
                line["sale_line_ids"] = [fields.Command.link(mission.sale_line_id.id)]
            values.append(line)
        return values

    def action_open_invoices(self):
        """Back-office button: invoice, then show what was created."""
        move_ids = self.action_create_invoices()
        if not move_ids:
            raise UserError(self.env._("These activity reports are already invoiced."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invoices and Bills"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", move_ids)],
        }

    def action_view_invoices(self):
        return self._action_view_moves(self.invoice_ids, "account.action_move_out_invoice_type")

    def action_view_vendor_bills(self):
        return self._action_view_moves(self.vendor_bill_ids, "account.action_move_in_invoice_type")

    def _action_view_moves(self, moves, xmlid):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("id", "in", moves.ids)]
        action.pop("context", None)
        return action
