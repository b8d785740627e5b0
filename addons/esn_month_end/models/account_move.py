from odoo import fields, models
from odoo.exceptions import RedirectWarning, UserError, ValidationError


class AccountMove(models.Model):
    _inherit = "account.move"

    def action_esn_post_in_background(self):
        """Post the month's draft invoices and bills: at once for a selection a job holds, else in
        background jobs."""
        drafts = self.filtered(lambda move: move.state == "draft")
        if not drafts:
            raise UserError(self.env._("None of these invoices and bills is a draft: nothing to post."))
        Jobs = self.env["esn.month.end.jobs"]
        return Jobs._run(
            Jobs._chunks(drafts.sorted("id")),
            "_job_post",
            self.env._("Post invoices and bills"),
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
        )

    def _job_post(self):
        """Post the moves still in draft, each on its own: a job run again skips what it posted, and
        one blocked move does not hold back the others."""
        drafts = self.filtered(lambda move: move.state == "draft")
        posted = drafts._esn_post_each()
        return self._esn_job_result(
            self.env._("%(count)s invoices and bills posted", count=len(posted)), drafts - posted
        )

    def _esn_post_each(self):
        """Post the drafts each on its own: those French law or the obligation de vigilance keeps in
        draft (a bill awaiting the contractor's own invoice, a client without SIREN, a contractor
        not compliant) stay in draft, with the reason in their chatter; the others are posted.
        Returns the moves posted."""
        posted = self.browse()
        for move in self.filtered(lambda move: move.state == "draft"):
            try:
                with self.env.cr.savepoint():
                    move.action_post()
            except (UserError, ValidationError, RedirectWarning) as error:
                move._esn_log_month_end_failure(self.env._("Not posted by the month end"), error)
                continue
            posted |= move
        return posted

    def _esn_log_month_end_failure(self, what, error):
        """Why the month end left this move as it was, in its chatter, for whoever opens it."""
        self.message_post(body=self.env._("%(what)s: %(reason)s", what=what, reason=error.args[0]))

    def _esn_job_result(self, done, left):
        """A job's result, as the job list shows it: what was done, and the moves left as they were."""
        if not left:
            return done
        return self.env._(
            "%(done)s; %(count)s left as they were (the reason is in their chatter): %(moves)s",
            done=done,
            count=len(left),
            moves=", ".join(left[:20].mapped("display_name")),
        )

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
