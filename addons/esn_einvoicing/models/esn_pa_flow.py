import logging

import pyfrctc

from odoo import fields, models
from odoo.exceptions import UserError

from .res_company import EsnPaUnreachable

_logger = logging.getLogger(__name__)


class EsnPaFlow(models.Model):
    """A flow the plateforme agréée made available to the company: a supplier invoice or a lifecycle
    status. Each is kept with its file, read once (the platform's identifier is unique), and one that
    could not be read stays here, flagged, for the accountant."""

    _name = "esn.pa.flow"
    _description = "Received E-Invoicing Flow"
    _inherit = ["mail.thread"]
    _order = "received_at desc, id desc"

    name = fields.Char(string="File", readonly=True)
    flow_ref = fields.Char(string="Platform Flow", required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    flow_type = fields.Selection(
        [
            ("CustomerInvoiceLC", "Status of a customer invoice"),
            ("SupplierInvoice", "Supplier invoice"),
            ("SupplierInvoiceLC", "Status of a supplier invoice"),
        ],
        readonly=True,
    )
    flow_syntax = fields.Char(readonly=True)
    received_at = fields.Datetime(readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True, index="btree_not_null")
    state = fields.Selection(
        [("done", "Read"), ("error", "To Check")], required=True, readonly=True, tracking=True, index=True
    )
    error = fields.Text(readonly=True)
    attachment_id = fields.Many2one("ir.attachment", string="Received File", readonly=True)

    _sql_constraints = [
        ("flow_ref_unique", "unique(company_id, flow_ref)", "A platform's flow is read once."),
    ]

    def _import(self, company, flow):
        """Read the flow `flow` (pyfrctc's parsed search result, not read before): a status onto its
        invoice, a supplier invoice into a vendor bill. A flow that cannot be read is kept, flagged."""
        flow_ref = flow["flowId"]
        # sudo: the platform's flows are read by the scheduled job or an accountant's button
        record = self.sudo().create(
            {
                "name": flow.get("name") or flow_ref,
                "flow_ref": flow_ref,
                "company_id": company.id,
                "flow_type": flow.get("flowType"),
                "flow_syntax": flow.get("flowSyntax"),
                "received_at": flow.get("updated_at") or fields.Datetime.now(),
                "state": "done",
            }
        )
        try:
            content = company._esn_pa_call(pyfrctc.get_flow, flow_ref, "Original")
        except EsnPaUnreachable:
            raise  # read again at the next run, from this flow on
        except UserError as error:
            record._flag(error.args[0])
            return record
        # sudo: the flow's file, written by its reading only
        record.attachment_id = (
            self.env["ir.attachment"]
            .sudo()
            .create({"name": record.name, "raw": content, "res_model": self._name, "res_id": record.id})
        )
        try:
            with self.env.cr.savepoint():
                record._read_content(content)
        except EsnPaUnreachable:
            raise
        except Exception as error:  # pyfrctc raises plain exceptions: the flow is kept, flagged
            record._flag(str(error.args[0] if error.args else error))
        return record

    def _read_content(self, content):
        if self.flow_syntax == "CDAR" or self.flow_type in ("CustomerInvoiceLC", "SupplierInvoiceLC"):
            self.env["account.move"]._esn_pa_receive_status(self, pyfrctc.parse_cdar(content))
        elif problem := self.env["account.move"]._esn_pa_receive_invoice(self):
            self._flag(problem)

    def _flag(self, error):
        self.write({"state": "error", "error": error})
        self.message_post(body=self.env._("Not read: %(error)s", error=error))
        _logger.info("Flow %s of the plateforme agréée flagged: %s", self.flow_ref, error)

    def action_read_again(self):
        """Read again a flagged flow, once what kept it is fixed (the invoice a status is about was
        posted…); a supplier invoice imported without its supplier is settled on the bill."""
        self.check_access("read")
        # sudo: a flow's state is written by its reading only; whoever reads the flow may read it again
        for record in self.sudo().filtered(lambda flow: flow.state == "error"):
            if record.move_id.is_purchase_document():
                # a supplier invoice imported: what was to check is on the bill
                if not record.move_id.partner_id:
                    raise UserError(
                        self.env._("Set the supplier on %(bill)s first.", bill=record.move_id.display_name)
                    )
                record.write({"state": "done", "error": False})
                continue
            record.write({"state": "done", "error": False})
            try:
                with self.env.cr.savepoint():
                    record._read_content(record.attachment_id.raw)
            except Exception as error:  # pyfrctc raises plain exceptions: the flow stays flagged
                record._flag(str(error.args[0] if error.args else error))
