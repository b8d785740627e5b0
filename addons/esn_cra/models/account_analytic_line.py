from collections import defaultdict

from odoo import fields, models
from odoo.tools import frozendict


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    esn_cra_id = fields.Many2one("esn.cra", string="Activity Report", index="btree_not_null", readonly=True)

    def _timesheet_postprocess(self, values):
        # a report's validation writes thousands of lines at month end: their cost is written
        # afterwards by _timesheet_postprocess_grouped, not one line at a time
        if self.env.context.get("esn_cra_timesheets_grouped"):
            return values
        return super()._timesheet_postprocess(values)

    def _timesheet_postprocess_grouped(self, values):
        """hr_timesheet's _timesheet_postprocess of lines created with the same fields `values`,
        with one write per distinct result (a consultant's full days share their cost) instead of
        one per line."""
        ids_by_result = defaultdict(list)
        for line_id, result in self._timesheet_postprocess_values(values).items():
            if result:
                ids_by_result[frozendict(result)].append(line_id)
        for result, ids in ids_by_result.items():
            self.browse(ids).write(dict(result))
