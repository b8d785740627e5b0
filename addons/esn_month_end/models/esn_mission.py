from odoo import models


class EsnMission(models.Model):
    _inherit = "esn.mission"

    def _job_generate_reports(self, month):
        """The reports of these missions for `month` that do not exist yet."""
        reports = self.env["esn.cra"].with_context(esn_month_end_job=True)._generate_for(self, month)
        return self.env._("%(count)s activity reports created", count=len(reports))
