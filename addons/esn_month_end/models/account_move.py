from odoo import models


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
