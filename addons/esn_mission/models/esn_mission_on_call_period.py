import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

# L3121-12 2°: the individual on-call schedule is given fifteen days ahead (one clear day at least,
# in exceptional circumstances)
ON_CALL_NOTICE_DAYS = 15


class EsnMissionOnCallPeriod(models.Model):
    """An astreinte (L3121-9): a period the consultant must be reachable to intervene, scheduled in
    advance and compensated whether or not anyone calls. The work done during it is declared on the
    activity report as on-call days, apart."""

    _name = "esn.mission.on.call.period"
    _description = "On-Call Period"
    _order = "date_start, id"
    _check_company_auto = True

    mission_id = fields.Many2one("esn.mission", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="mission_id.company_id", store=True, index=True)
    employee_id = fields.Many2one(related="mission_id.employee_id", store=True, string="Consultant")
    partner_id = fields.Many2one(related="mission_id.partner_id", string="Client")
    currency_id = fields.Many2one(related="mission_id.currency_id")
    date_start = fields.Date(string="From", required=True)
    date_end = fields.Date(string="To", required=True)
    compensation = fields.Selection(
        [("paid", "Paid"), ("rest", "Rest Time")],
        required=True,
        default="paid",
        help="How the consultant is compensated for being on call (L3121-9): an allowance, or time off.",
    )
    sell_amount = fields.Monetary(
        string="Billed to Client",
        groups="esn_base.group_esn_user",
        help="Invoiced to the client with the activity report of the month the period starts in.",
    )
    cost_amount = fields.Monetary(
        string="Allowance",
        groups="esn_base.group_esn_manager",
        help="The on-call allowance: paid to a salaried consultant, billed by a contractor.",
    )
    notified_on = fields.Date(
        string="Consultant Notified On",
        required=True,
        default=fields.Date.context_today,
        help="When the consultant was told of this period: fifteen days ahead at least (L3121-12).",
    )
    late_notice = fields.Boolean(
        compute="_compute_late_notice",
        store=True,
        help="The consultant was told less than fifteen days before the period (L3121-12).",
    )
    note = fields.Char()

    @api.depends("notified_on", "date_start")
    def _compute_late_notice(self):
        for period in self:
            period.late_notice = bool(
                period.notified_on
                and period.date_start
                and period.date_start - period.notified_on < datetime.timedelta(days=ON_CALL_NOTICE_DAYS)
            )

    @api.constrains("date_start", "date_end", "sell_amount", "cost_amount", "mission_id")
    def _check_period(self):
        for period in self:
            mission = period.mission_id
            if mission.state in ("done", "cancelled"):
                raise ValidationError(
                    self.env._(
                        "Mission %(mission)s is closed: its on-call periods cannot change.",
                        mission=mission.name,
                    )
                )
            if period.date_start > period.date_end:
                raise ValidationError(self.env._("An on-call period cannot end before it starts."))
            if not mission.date_start <= period.date_start <= period.date_end <= mission.date_end:
                raise ValidationError(
                    self.env._(
                        "The on-call period %(start)s to %(end)s is outside mission %(mission)s "
                        "(%(mission_start)s to %(mission_end)s).",
                        start=format_date(self.env, period.date_start),
                        end=format_date(self.env, period.date_end),
                        mission=mission.name,
                        mission_start=format_date(self.env, mission.date_start),
                        mission_end=format_date(self.env, mission.date_end),
                    )
                )
            # sudo: the allowance is the managers' (groups=): checked whoever schedules the period
            if min(period.sudo().sell_amount, period.sudo().cost_amount) < 0:
                raise ValidationError(self.env._("The amounts of an on-call period cannot be negative."))
            overlapping = self.search_count(
                [
                    ("id", "!=", period.id),
                    ("mission_id", "=", mission.id),
                    ("date_start", "<=", period.date_end),
                    ("date_end", ">=", period.date_start),
                ]
            )
            if overlapping:
                raise ValidationError(
                    self.env._(
                        "Mission %(mission)s already has an on-call period between %(start)s and %(end)s.",
                        mission=mission.name,
                        start=format_date(self.env, period.date_start),
                        end=format_date(self.env, period.date_end),
                    )
                )

    def write(self, vals):
        if "notified_on" in vals:
            today = fields.Date.context_today(self)
            started = self.filtered(lambda period: period.date_start <= today)
            if started:
                # what the consultant was told, and when, is what a labour inspector checks
                raise UserError(
                    self.env._(
                        "The on-call period from %(start)s has started: when the consultant was notified "
                        "of it can no longer change.",
                        start=format_date(self.env, started[0].date_start),
                    )
                )
        return super().write(vals)

    @api.depends("mission_id", "date_start", "date_end")
    def _compute_display_name(self):
        for period in self:
            period.display_name = self.env._(
                "On call %(start)s to %(end)s",
                start=format_date(self.env, period.date_start),
                end=format_date(self.env, period.date_end),
            )
