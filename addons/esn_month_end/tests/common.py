from odoo.addons.esn_billing.tests.common import BillingCase
from odoo.addons.queue_job.controllers.main import RunJobController
from odoo.addons.queue_job.job import Job


class MonthEndCase(BillingCase):
    """Billing data, and the month end's background jobs run as queue_job's runner does."""

    def _jobs(self, states=("pending", "enqueued", "wait_dependencies")):
        return self.env["queue.job"].search(
            [("channel", "=like", "root.esn%"), ("state", "in", states)], order="id"
        )

    def _run_jobs(self):
        """Run the queued month-end jobs as the job runner's controller does, until none is left."""
        ran = self.env["queue.job"]
        while jobs := self._jobs(("pending", "enqueued")):
            for record in jobs:
                job = Job.load(self.env, record.uuid)
                job.set_started()
                job.store()
                RunJobController._try_perform_job(self.env, job)
                RunJobController._enqueue_dependent_jobs(self.env, job)
            ran |= jobs
        return ran
