from odoo import fields, models
from odoo.exceptions import RedirectWarning, UserError, ValidationError


class AccountMove(models.Model):
    _inherit = "account.move"

    def action_esn_post_in_background(self):
        """Post the month's draft invoices and bills: at once for a selection a job holds, else in
        background jobs."""
        drafts = self.filtered(lambda move: move.state == "draft")
        if len(drafts) <= self.env["esn.month.end.jobs"]._job_size():
            return drafts.action_post()
        Jobs = self.env["esn.month.end.jobs"]
        return Jobs._run(
            Jobs._chunks(drafts.sorted("id")), "_job_post", self.env._("Post invoices and bills")
        )

    def _job_post(self):
        """Post the moves still in draft: a job run again skips what it posted."""
        drafts = self.filtered(lambda move: move.state == "draft")
        drafts.action_post()
        return self.env._("%(count)s invoices and bills posted", count=len(drafts))

    def _esn_post_each(self):
        """Post the drafts each on its own: those French law or the obligation de vigilance keeps in
        draft (a bill awaiting the contractor's own invoice, a client without SIREN, a contractor
        not compliant) stay in draft, the others are posted. Returns the moves posted."""
        posted = self.browse()
        for move in self.filtered(lambda move: move.state == "draft"):
            try:
                with self.env.cr.savepoint():
                    move.action_post()
            except (UserError, ValidationError, RedirectWarning):
                continue
            posted |= move
        return posted

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
            except UserError:
                continue
        return invoices
