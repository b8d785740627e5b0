import datetime
import re
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date, formatLang

from odoo.addons.esn_base.activities import schedule_once

MONTH_FORMAT = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
EDITABLE_STATES = ("draft", "rejected")


def days_between(date_from, date_to):
    return [date_from + datetime.timedelta(days=offset) for offset in range((date_to - date_from).days + 1)]


def half_days(value):
    """`value` days rounded to the half day, between 0 and 1."""
    return min(1.0, max(0.0, round(value * 2) / 2))


def month_bounds(month):
    """First and last day of month 'YYYY-MM'; ValueError when it is not such a month."""
    match = MONTH_FORMAT.match(month or "") if isinstance(month, str) else None
    if not match:
        raise ValueError(month)
    first = datetime.date(int(match[1]), int(match[2]), 1)
    return first, first + relativedelta(months=1, days=-1)


class EsnCra(models.Model):
    """A consultant's month on a mission: its days, then who declared, validated and approved them.
    This file holds its fields, creation, working time, generation and reminders; the other
    concerns live in one file each: esn_cra_declaration.py (days declared, submission),
    esn_cra_validation.py (validation, rejection, timesheets), esn_cra_client_approval.py."""

    _name = "esn.cra"
    _description = "Activity Report (CRA)"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin", "esn.workflow.mixin"]
    _order = "month desc, id desc"
    _workflow_fields = {
        "validation_state": "action_submit / action_validate / action_reject",
        "client_state": "action_client_approve / action_client_refuse",
        "reject_reason": "action_reject",
        "submitted_on": "action_submit",
        "validated_by_id": "action_validate",
        "validated_on": "action_validate",
        "client_signatory": "action_client_approve / action_client_refuse",
        "client_answered_on": "action_client_approve / action_client_refuse",
        "client_answer_user_id": "action_client_approve / action_client_refuse",
        "client_ip": "action_client_approve / action_client_refuse",
        "client_signature": "action_client_approve",
        "client_refuse_reason": "action_client_refuse",
        "client_token": "action_validate",
        "client_token_expiry": "action_validate",
        "client_answered_token": "action_client_approve / action_client_refuse",
        "last_reminder_date": "the daily reminders",
        "timesheet_ids": "action_validate",
    }
    _create_only_fields = ("mission_id", "month")

    mission_id = fields.Many2one("esn.mission", required=True, index=True, ondelete="restrict", readonly=True)
    employee_id = fields.Many2one(
        related="mission_id.employee_id", store=True, index=True, string="Consultant"
    )
    partner_id = fields.Many2one(related="mission_id.partner_id", store=True, index=True, string="Client")
    # what the portal's pages show is read as superuser: over RPC, the consultant and the client's
    # validator read no more of the ESN's side than those pages (base.group_user fields)
    supplier_id = fields.Many2one(
        related="mission_id.supplier_id", string="Contractor", groups="base.group_user"
    )
    user_id = fields.Many2one(related="mission_id.user_id", store=True, string="Account Manager")
    company_id = fields.Many2one(related="mission_id.company_id", store=True, index=True)
    client_approval_required = fields.Boolean(related="mission_id.client_approval_required")
    client_validator_id = fields.Many2one(
        related="mission_id.client_validator_id",
        store=True,
        index="btree_not_null",
        string="Client Validator",
    )
    month = fields.Char(
        string="Month (YYYY-MM)", required=True, readonly=True, index=True, help="For integrators: YYYY-MM."
    )
    month_label = fields.Char(string="Month", compute="_compute_month_label")
    date_from = fields.Date(compute="_compute_dates", store=True, string="Month Start")
    date_to = fields.Date(compute="_compute_dates", store=True)
    line_ids = fields.One2many("esn.cra.line", "cra_id", string="Days")
    on_call_period_ids = fields.Many2many(
        "esn.mission.on.call.period",
        compute="_compute_on_call_period_ids",
        # read by whoever reads the report (a client validator reads no mission)
        compute_sudo=True,
        string="On-Call Periods",
        help="The mission's on-call periods starting this month: reported and compensated with this month.",
    )
    total_days = fields.Float(compute="_compute_total_days", store=True)
    on_call_days = fields.Float(
        string="On-Call Days",
        compute="_compute_total_days",
        store=True,
        help="Days of the total worked as on-call interventions or outside the working schedule.",
    )
    # stored: the dashboard sums it over a year of reports, which summing the days at each read cannot
    available_days = fields.Float(
        compute="_compute_total_days",
        store=True,
        help="Days of the month the consultant can work on the mission: the working schedule, public "
        "holidays and approved time off; on-call interventions excluded.",
    )
    validation_state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("validated", "Validated"),
            ("rejected", "Rejected"),
        ],
        default="draft",
        required=True,
        readonly=True,
        index=True,
        copy=False,
        help="Where the consultant's declaration stands: moved by the report's actions.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("validated", "Validated"),
            ("invoiced", "Invoiced"),
            ("rejected", "Rejected"),
        ],
        compute="_compute_state",
        store=True,
        tracking=True,
        index=True,
        help="The validation state, and 'Invoiced' while an invoice bills a validated report.",
    )
    client_state = fields.Selection(
        [
            ("none", "Not Required"),
            ("pending", "Awaiting Client"),
            ("approved", "Approved"),
            ("refused", "Refused"),
        ],
        default="none",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    delivered = fields.Boolean(
        compute="_compute_delivered",
        store=True,
        index=True,
        help="Validated, and approved by the client when the mission asks for it: its days are delivered, "
        "ready to invoice and counted in margins and sale orders.",
    )
    reject_reason = fields.Text(readonly=True, tracking=True, copy=False)
    submitted_on = fields.Datetime(readonly=True, copy=False)
    validated_by_id = fields.Many2one(
        "res.users", string="Validator", readonly=True, copy=False, groups="base.group_user"
    )
    validated_on = fields.Datetime(readonly=True, copy=False)
    client_signatory = fields.Char(string="Client Approver", readonly=True, copy=False)
    client_answered_on = fields.Datetime(string="Client Answer Date", readonly=True, copy=False)
    client_answer_user_id = fields.Many2one(
        "res.users",
        string="Answer Recorded By",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="The user logged in when the client's answer was recorded "
        "(the public user for the e-mailed link).",
    )
    client_ip = fields.Char(string="Client IP Address", readonly=True, copy=False, groups="base.group_user")
    client_signature = fields.Image(
        readonly=True,
        copy=False,
        attachment=True,
        max_width=1024,
        max_height=1024,
        help="Drawn by the client's approver on the portal.",
    )
    client_refuse_reason = fields.Text(readonly=True, copy=False)
    # The client's approval link. Not the portal access token, which the consultant sees: nobody
    # but Odoo administrators reads it, and it changes once used.
    client_token = fields.Char(readonly=True, copy=False, groups="base.group_system")
    client_token_expiry = fields.Datetime(readonly=True, copy=False, groups="base.group_system")
    client_answered_token = fields.Char(
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="Hash of the link that carried the answer.",
    )
    last_reminder_date = fields.Date(readonly=True, copy=False, groups="base.group_user")
    timesheet_ids = fields.One2many(
        "account.analytic.line", "esn_cra_id", string="Timesheets", readonly=True, groups="base.group_user"
    )
    access_token = fields.Char(groups="base.group_user")

    _sql_constraints = [
        ("mission_month_uniq", "unique(mission_id, month)", "A mission has one activity report per month."),
    ]

    @api.depends("month")
    def _compute_dates(self):
        for cra in self:
            try:
                cra.date_from, cra.date_to = month_bounds(cra.month)
            except ValueError:
                cra.date_from = cra.date_to = False

    @api.depends_context("lang")
    @api.depends("date_from")
    def _compute_month_label(self):
        for cra in self:
            cra.month_label = (
                format_date(self.env, cra.date_from, date_format="MMMM yyyy") if cra.date_from else ""
            )

    @api.depends("validation_state", "client_state")
    def _compute_delivered(self):
        for cra in self:
            cra.delivered = cra.validation_state == "validated" and cra.client_state in ("none", "approved")

    @api.depends("validation_state")
    def _compute_state(self):
        for cra in self:
            cra.state = cra.validation_state

    @api.depends("mission_id.on_call_period_ids.date_start", "date_from", "date_to")
    def _compute_on_call_period_ids(self):
        for cra in self:
            cra.on_call_period_ids = cra.mission_id.on_call_period_ids.filtered(
                lambda period, cra=cra: cra.date_from <= period.date_start <= cra.date_to
            )

    @api.depends("line_ids.quantity", "line_ids.on_call", "line_ids.available")
    def _compute_total_days(self):
        for cra in self:
            total = on_call = available = 0.0
            for line in cra.line_ids:
                total += line.quantity
                if line.on_call:
                    on_call += line.quantity
                else:
                    available += line.available
            cra.total_days, cra.on_call_days, cra.available_days = total, on_call, available

    @api.depends_context("lang")
    @api.depends("mission_id.name", "month")
    def _compute_display_name(self):
        for cra in self:
            # sudo: the client's validator reads the report, not the mission behind it
            cra.display_name = f"{cra.sudo().mission_id.name} {cra.month_label}"

    def _format_days(self, days=None):
        """A number of days in the reader's language: 22, 21,5 (the report's total by default)."""
        days = self.total_days if days is None else days
        return formatLang(self.env, days, digits=1 if days % 1 else 0)

    def _client_attestation(self):
        """What the client's validator certifies by approving the report, in the reader's language."""
        self.ensure_one()
        # sudo: the client's validator reads neither the mission nor the consultant
        cra = self.sudo()
        attestation = self.env._(
            "I certify that %(consultant)s performed %(days)s day(s) of work under mission %(mission)s for "
            "%(client)s in %(month)s.",
            consultant=cra.employee_id.name,
            days=cra._format_days(),
            mission=" – ".join(filter(None, [cra.mission_id.name, cra.mission_id.title])),
            client=cra.partner_id.name,
            month=cra.month_label,
        )
        # what is billed besides ordinary days is certified too
        if cra.on_call_days:
            attestation += " " + self.env._(
                "Of these, %(days)s day(s) were on-call interventions or worked outside the working "
                "schedule.",
                days=cra._format_days(cra.on_call_days),
            )
        if cra.on_call_period_ids:
            attestation += " " + self.env._(
                "The consultant was on call for %(count)s period(s) starting this month.",
                count=len(cra.on_call_period_ids),
            )
        return attestation

    def _report_weeks(self):
        """The month as the PDF prints it: weeks of seven (Monday first), each day its report day or
        None outside the month."""
        self.ensure_one()
        lines = {line.date: line for line in self.line_ids}
        days = [None] * self.date_from.weekday() + [
            lines.get(day) for day in days_between(self.date_from, self.date_to)
        ]
        days += [None] * (-len(days) % 7)
        return [days[start : start + 7] for start in range(0, len(days), 7)]

    def _report_weekday_names(self):
        """Monday to Sunday, abbreviated in the reader's language."""
        monday = datetime.date(2024, 1, 1)
        return [
            format_date(self.env, monday + datetime.timedelta(days=offset), date_format="EEE")
            for offset in range(7)
        ]

    def _company_tz(self):
        """The time zone the report's times read in, whoever reads them (a client on a link has none):
        the company's."""
        company = self.company_id
        return company.partner_id.tz or company.resource_calendar_id.tz or "Europe/Paris"

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._(
            "Activity report %(consultant)s %(month)s",
            # sudo: portal users (the consultant, the client's validator) cannot read employees
            consultant=self.sudo().employee_id.name,
            month=self.month,
        )

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for cra in self:
            cra.access_url = f"/my/cra/{cra.id}"

    @api.constrains("month", "mission_id")
    def _check_month(self):
        for cra in self:
            if not cra.date_from:
                raise ValidationError(
                    self.env._("%(month)s is not a month: use the YYYY-MM format.", month=cra.month)
                )
            # sudo: the mission's dates and name, whoever creates the report
            mission = cra.sudo().mission_id
            if cra.date_to < mission.date_start or cra.date_from > mission.date_end:
                raise ValidationError(
                    self.env._(
                        "Mission %(mission)s does not run in %(month)s.",
                        mission=mission.name,
                        month=cra.month,
                    )
                )

    # ------------------------------------------------------------------ creation

    @api.model_create_multi
    def create(self, vals_list):
        cras = super().create(vals_list)
        cras._check_mission_open()
        cras._create_days()
        return cras

    @api.ondelete(at_uninstall=False)
    def _unlink_only_editable(self):
        if self.filtered(lambda cra: cra.state not in EDITABLE_STATES or cra.timesheet_ids):
            raise UserError(self.env._("Only draft or rejected activity reports can be deleted."))

    def _create_days(self):
        """A line per day of the month within the mission, each with what the day allows."""
        availability = self._day_availability()
        # sudo: only the report makes its days (ESN users have no create right on them), at the
        # mission's buy rate (managers')
        self.env["esn.cra.line"].sudo()._insert_report_days(
            [
                {"cra_id": cra.id, "date": day, **availability[cra.id][day]}
                for cra in self
                for day in days_between(
                    max(cra.date_from, cra.mission_id.date_start), min(cra.date_to, cra.mission_id.date_end)
                )
            ]
        )

    # ------------------------------------------------------------------ working time

    def _day_availability(self):
        """{report id: {day: line values}}: what each day of the report's month allows
        (`hr.employee._esn_day_availability`)."""
        result = {}
        by_month = defaultdict(self.browse)
        for cra in self:
            by_month[cra.date_from, cra.date_to] |= cra
        for (date_from, date_to), cras in by_month.items():
            # sudo: the consultant's schedule and time off decide the days whoever opens the report
            availability = cras.employee_id.sudo()._esn_day_availability(date_from, date_to)
            for cra in cras:
                result[cra.id] = availability[cra.employee_id.id]
        return result

    def _refresh_availability(self):
        """The days follow the schedule, public holidays and time off as they change. A draft or
        rejected report takes them at once: a day declared worked that is now time off is cleared,
        with a note to the consultant. A submitted or validated one is left as validated, and its
        account manager gets an activity to send it back."""
        editable = self.filtered(lambda cra: cra.state in EDITABLE_STATES)
        availability = self._day_availability()
        changes_by_line = defaultdict(self.env["esn.cra.line"].browse)
        cleared, conflicts = defaultdict(list), self.browse()
        for cra in self:
            for line in cra.line_ids:
                values = availability[cra.id][line.date]
                allowed = values["available"] if not line.on_call else 1 - values["time_off"]
                if cra not in editable:
                    if line.quantity > allowed:
                        conflicts |= cra
                    continue
                changes = {name: value for name, value in values.items() if line[name] != value}
                if line.quantity > allowed:
                    changes["quantity"] = allowed
                    cleared[cra].append(line.date)
                if changes:
                    changes_by_line[tuple(sorted(changes.items()))] |= line
        for changes, lines in changes_by_line.items():
            lines._workflow_write(dict(changes))
        for cra, days in cleared.items():
            cra._notify_consultant(
                self.env._(
                    "Time off or a public holiday now covers %(days)s: the days declared worked there were "
                    "cleared. Check your activity report.",
                    days=", ".join(format_date(self.env, day) for day in days),
                )
            )
        schedule_once(
            conflicts,
            "mail.mail_activity_data_todo",
            lambda cra: {
                "user_id": cra.user_id.id,
                "date_deadline": fields.Date.context_today(cra),
                "summary": self.env._("Time off on days declared worked"),
                "note": self.env._(
                    "Approved time off now covers days this report declares worked: send it back to the "
                    "consultant (Reject) to correct it."
                ),
            },
        )

    def _notify_consultant(self, message):
        # sudo: the CRA login is HR and ESN staff's; the days follow leaves whoever changes them
        login = self.sudo().employee_id.esn_login_user_id
        self.message_post(body=message, partner_ids=login.partner_id.ids, subtype_xmlid="mail.mt_comment")

    @api.model
    def _cron_generate(self, month=None):
        """Create the draft reports of every active mission for `month` (default: this month), once."""
        month = month or fields.Date.context_today(self).strftime("%Y-%m")
        date_from, date_to = month_bounds(month)
        missions = self.env["esn.mission"].search(
            [("state", "=", "active"), ("date_start", "<=", date_to), ("date_end", ">=", date_from)]
        )
        return self._generate_for(missions, month)

    @api.model
    def _generate_for(self, missions, month):
        """The draft reports of `missions` for `month` that do not exist yet."""
        missing = self._missions_without_report(missions, month)
        return self.create([{"mission_id": mission.id, "month": month} for mission in missing])

    @api.model
    def _missions_without_report(self, missions, month):
        return missions - self.search([("mission_id", "in", missions.ids), ("month", "=", month)]).mission_id

    # ------------------------------------------------------------------ reminders

    @api.model
    def _cron_remind(self):
        """Remind consultants of last month's reports not submitted by the reminder day, and clients
        of reports awaiting their answer; at most once a day each."""
        today = fields.Date.context_today(self)
        last_month = (today - relativedelta(months=1)).strftime("%Y-%m")
        due = self.search(
            [
                ("state", "in", EDITABLE_STATES),
                ("month", "<=", last_month),
                ("company_id.esn_cra_reminder_day", "<=", today.day),
                "|",
                ("last_reminder_date", "=", False),
                ("last_reminder_date", "<", today),
            ]
        )
        pending = self.search(
            [
                ("client_state", "=", "pending"),
                "|",
                ("last_reminder_date", "=", False),
                ("last_reminder_date", "<", today),
            ]
        )
        self.env.ref("esn_cra.mail_template_cra_reminder").send_mail_batch(due.ids)
        pending._send_client_request()
        (due | pending)._workflow_write({"last_reminder_date": today})
