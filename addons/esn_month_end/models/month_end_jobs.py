import hashlib
from collections import defaultdict

from odoo import api, models

from odoo.addons.esn_base.batch import notification
from odoo.addons.queue_job.delay import chain, group

# Records per job (system parameter esn_month_end.job_size): a job of 100 reports takes a few
# seconds, far below a worker's time limit.
DEFAULT_JOB_SIZE = 100
CHANNEL = "root.esn"
# a job of these states is still to run: the same one is not queued again
WAITING_STATES = ("wait_dependencies", "pending", "enqueued", "started")


class EsnMonthEndJobs(models.AbstractModel):
    """Runs a month-end operation at once on a small selection, otherwise as background jobs of
    `_job_size()` records on the root.esn channel (OCA queue_job), and tells the user when all are done.
    Either way the same job method does the work and says what it did.

    A job only does what is still to do on its records (validates the reports still submitted,
    invoices those not billed yet…): run again after a crash, it creates nothing twice."""

    _name = "esn.month.end.jobs"
    _description = "Month-End Background Jobs"

    @api.model
    def _run(self, chunks, method, label, args=(), next_action=None, in_turn=None):
        """`method` called on each recordset of `chunks`: at once when there is one, and the user told
        what it did, then shown `next_action`; else a background job per chunk, then one telling the
        user they are all done, and the user told the jobs are queued. The jobs of chunks for which
        `in_turn(chunk)` is the same run one after the other, the others side by side."""
        chunks = [chunk for chunk in chunks if chunk]
        if len(chunks) == 1:
            return self._notification(label, getattr(chunks[0], method)(*args), next_action)
        keys = [self._identity_key(chunk, method, args) for chunk in chunks]
        # sudo: only ESN managers read jobs: whether these are queued, whoever runs the month end
        queued = (
            self.env["queue.job"]
            .sudo()
            .search_count([("identity_key", "in", keys), ("state", "in", WAITING_STATES)])
        )
        if queued == len(chunks):
            # a second click, or a second manager, on the same month end: the jobs are on their way
            return self._notification(
                label,
                self.env._("These background jobs are already queued: you are told when they are done."),
            )
        jobs = [
            getattr(
                chunk.delayable(
                    channel=CHANNEL,
                    identity_key=key,
                    description=self.env._(
                        "%(label)s (%(part)s/%(parts)s)", label=label, part=index, parts=len(chunks)
                    ),
                ),
                method,
            )(*args)
            for index, (chunk, key) in enumerate(zip(chunks, keys, strict=True), start=1)
        ]
        if in_turn:
            turns = defaultdict(list)
            for chunk, job in zip(chunks, jobs, strict=True):
                turns[in_turn(chunk)].append(job)
            jobs = [chain(*turn) for turn in turns.values()]
        done = self.delayable(channel=CHANNEL, description=self.env._("%(label)s: done", label=label))
        group(*jobs).on_done(done._job_notify_done(self.env.uid, label, len(chunks))).delay()
        return self._notification(
            label,
            self.env._(
                "%(count)s background jobs queued: you are told when they are done (ESN > Operations > "
                "Background Jobs).",
                count=len(chunks),
            ),
        )

    @api.model
    def _identity_key(self, records, method, args):
        """The same operation on the same records with the same arguments is one job."""
        return hashlib.sha256(repr((records._name, method, records.ids, args)).encode()).hexdigest()

    @api.model
    def _notification(self, title, message, next_action=None):
        return notification(message, title=title, next_action=next_action)

    @api.model
    def _job_notify_done(self, user_id, label, count):
        user = self.env["res.users"].browse(user_id)
        user._bus_send(
            "simple_notification",
            {
                "type": "success",
                "sticky": True,
                "title": label,
                "message": self.env._("The %(count)s background jobs are done.", count=count),
            },
        )
        return self.env._("%(user)s told", user=user.name)

    @api.model
    def _job_size(self):
        # sudo: system parameters are Odoo administrators': the job size, whoever runs the month end
        param = self.env["ir.config_parameter"].sudo().get_param("esn_month_end.job_size")
        return max(int(param or DEFAULT_JOB_SIZE), 1)

    @api.model
    def _chunks(self, records):
        size = self._job_size()
        return [records[start : start + size] for start in range(0, len(records), size)]
