from odoo import fields

from odoo.addons.esn_billing.tests.common import BillingCase
from odoo.addons.queue_job.controllers.main import RunJobController
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job


class MonthEndCase(BillingCase):
    """Billing data, and the month end's background jobs run as queue_job's runner does."""

    def _jobs(self, states=("pending", "enqueued", "wait_dependencies")):
        return self.env["queue.job"].search(
            [("channel", "=like", "root.esn%"), ("state", "in", states)], order="id"
        )

    def _run_jobs(self):
        """Run the month-end jobs due as the job runner's controller does, until none is due: a job
        that asks to be retried is postponed (its eta is in the future), its work rolled back."""
        ran = self.env["queue.job"]
        while jobs := self._jobs(("pending", "enqueued")).filtered(
            lambda job: not job.eta or job.eta <= fields.Datetime.now()
        ):
            for record in jobs:
                job = Job.load(self.env, record.uuid)
                job.set_started()
                job.store()
                try:
                    with self.env.cr.savepoint():
                        RunJobController._try_perform_job(self.env, job)
                except RetryableJobError as error:
                    job.postpone(result=str(error), seconds=error.seconds)
                    job.set_pending(reset_retry=False)
                    job.store()
                    continue
                RunJobController._enqueue_dependent_jobs(self.env, job)
            ran |= jobs
        return ran
