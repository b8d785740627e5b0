from odoo import api, models
from odoo.exceptions import UserError


class EsnCra(models.Model):
    _inherit = "esn.cra"

    @api.model
    def _generate_for(self, missions, month):
        """More missions than a job holds: a background job per job's worth of missions."""
        Jobs = self.env["esn.month.end.jobs"]
        missing = self._missions_without_report(missions, month)
        if len(missing) <= Jobs._job_size() or self.env.context.get("esn_month_end_job"):
            return super()._generate_for(missing, month)
        Jobs._run(
            Jobs._chunks(missing.sorted("id")),
            "_job_generate_reports",
            self.env._("Activity reports of %(month)s", month=month),
            args=(month,),
        )
        return self.browse()

    def action_validate_in_background(self):
        """The back-office's Validate on a selection: the submitted reports the user validates are
        validated, at once for a job's worth, else in background jobs; the others are named, not a
        reason to refuse all."""
        mine = self._may_validate()
        if self and not mine:
            self._check_manager()  # none is the user's to validate: refused with the reason
        submitted = mine.filtered(lambda cra: cra.state == "submitted")
        if not submitted:
            raise UserError(self.env._("None of these activity reports is submitted: nothing to validate."))
        Jobs = self.env["esn.month.end.jobs"]
        # the list the user validated from shows the new states
        action = Jobs._run(
            Jobs._chunks(submitted.sorted("id")),
            "_job_validate",
            self.env._("Validate activity reports"),
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
        )
        if skipped := self - submitted:
            action["params"]["message"] += " " + self.env._(
                "Not submitted, or not yours to validate, left as they are: %(cras)s.",
                cras=", ".join(skipped[:20].mapped("display_name")),
            )
        return action

    def _job_validate(self):
        """Validate the reports still submitted: a job run again skips what it did; one refused
        (a contractor no longer compliant…) is named, not a reason to leave the others."""
        return self.filtered(lambda cra: cra.state == "submitted")._validate_each()[0]

    def action_open_invoices(self):
        """The back-office's Invoice: at once for a selection a job holds, else in background jobs,
        each taking whole invoices and bills (the reports of a client's or contractor's month)."""
        if len(self) <= self.env["esn.month.end.jobs"]._job_size():
            return super().action_open_invoices()
        return self._create_invoices_in_background()

    def _create_invoices_in_background(self, invoice_date=None, bill_date=None, post=False, send=False):
        """Invoice and bill the reports in background jobs, each taking whole invoices and bills;
        with `post` each job posts what it created, with `send` it sends the posted invoices."""
        # refused before anything is queued, not inside the jobs
        self._check_invoicing_rights()
        self._check_ready_to_invoice()
        return self.env["esn.month.end.jobs"]._run(
            self._billing_chunks(),
            "_job_create_invoices",
            self.env._("Invoice activity reports"),
            args=(invoice_date, bill_date, post, send),
        )

    def _billing_chunks(self):
        """The reports in chunks of about a job's size, the reports of one invoice or one bill always in
        the same chunk: a client's invoice and a contractor's bill are each created once, whole."""
        parent = {}

        def find(key):
            while parent.setdefault(key, key) != key:
                key = parent[key]
            return key

        for cra in self:
            keys = [("out_invoice", cra._grouping_key("out_invoice"))]
            if cra.supplier_id:
                keys.append(("in_invoice", cra._grouping_key("in_invoice")))
            parent[find(("cra", cra.id))] = find(keys[0])
            for key in keys[1:]:
                parent[find(key)] = find(keys[0])
        groups = {}
        for cra in self:
            groups.setdefault(find(("cra", cra.id)), self.browse())
            groups[find(("cra", cra.id))] |= cra
        size = self.env["esn.month.end.jobs"]._job_size()
        chunks, chunk = [], self.browse()
        for group in groups.values():
            if chunk and len(chunk) + len(group) > size:
                chunks.append(chunk)
                chunk = self.browse()
            chunk |= group
        return [*chunks, chunk]

    def _job_create_invoices(self, invoice_date=None, bill_date=None, post=False, send=False):
        """Invoice and bill the reports not billed yet, then post and send what was created when
        asked: a job run again creates nothing twice."""
        moves = self._create_invoices(invoice_date, bill_date, post=post, send=send)
        left = moves.filtered(lambda move: move.state == "draft") if post else moves.browse()
        return self.env["account.move"]._esn_job_result(
            self.env._("%(count)s invoices and bills created", count=len(moves)), left
        )
