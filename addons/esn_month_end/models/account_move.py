from odoo import models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    def action_esn_post_in_background(self):
        """Post the month's draft invoices and bills: at once for a selection a job holds, else in
        background jobs."""
        drafts = self.filtered(lambda move: move.state == "draft")
        if not drafts:
            raise UserError(self.env._("None of these invoices and bills is a draft: nothing to post."))
        Jobs = self.env["esn.month.end.jobs"]
        # Odoo numbers a journal's entries under a lock held until the transaction commits
        # (sequence.mixin): two jobs posting in one journal would hold two workers, one waiting for
        # the other. A journal's jobs run in turn, the journals side by side.
        by_journal = drafts.grouped("journal_id").values()
        return Jobs._run(
            [chunk for moves in by_journal for chunk in Jobs._chunks(moves.sorted("id"))],
            "_job_post",
            self.env._("Post invoices and bills"),
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
            in_turn=lambda moves: moves.journal_id,
        )

    def _job_post(self):
        """Post the moves still in draft, each on its own: a job run again skips what it posted, and
        one blocked move does not hold back the others."""
        drafts = self.filtered(lambda move: move.state == "draft")
        posted = drafts._esn_post_each()
        return self._esn_job_result(
            self.env._("%(count)s invoices and bills posted", count=len(posted)), drafts - posted
        )

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
