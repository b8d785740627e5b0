from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import format_date


class EsnMissionOnCallPeriod(models.Model):
    _inherit = "esn.mission.on.call.period"

    @api.model_create_multi
    def create(self, vals_list):
        periods = super().create(vals_list)
        periods._check_month_open()
        return periods

    def write(self, vals):
        self._check_month_open()
        result = super().write(vals)
        self._check_month_open()
        return result

    def unlink(self):
        self._check_month_open()
        return super().unlink()

    def _check_month_open(self):
        """A period belongs to the activity report of the month it starts in: once that report is
        validated, the period is what the manager validated (and what was invoiced and paid)."""
        if not self:
            return
        # sudo: the month's validated reports lock the period, whatever the user reads of them
        reports = (
            self.env["esn.cra"]
            .sudo()
            .search(
                [
                    ("mission_id", "in", self.mission_id.ids),
                    ("validation_state", "=", "validated"),
                    ("date_from", "<=", max(self.mapped("date_start"))),
                    ("date_to", ">=", min(self.mapped("date_start"))),
                ]
            )
        )
        for period in self:
            report = reports.filtered(
                lambda cra, period=period: (
                    cra.mission_id == period.mission_id and cra.date_from <= period.date_start <= cra.date_to
                )
            )
            if report:
                raise UserError(
                    self.env._(
                        "The on-call period from %(start)s belongs to the activity report %(report)s, "
                        "already validated: reject the report to change it.",
                        start=format_date(self.env, period.date_start),
                        report=report[0].display_name,
                    )
                )
