import base64
import binascii
import datetime
import hashlib
import re
import secrets
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import consteq, format_date, formatLang
from odoo.tools.image import ImageProcess

from odoo.addons.esn_base.activities import mark_done, schedule_once
from odoo.addons.esn_base.reasons import clean_reason

from .esn_cra_line import ALLOWED_QUANTITIES

MONTH_FORMAT = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
DATE_FORMAT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EDITABLE_STATES = ("draft", "rejected")
DECLARABLE_MISSION_STATES = ("active", "done")


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

    @api.depends("line_ids.quantity")
    def _compute_total_days(self):
        for cra in self:
            cra.total_days = sum(cra.line_ids.mapped("quantity"))

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
        return self.env._(
            "I certify that %(consultant)s performed %(days)s day(s) of work under mission %(mission)s for "
            "%(client)s in %(month)s.",
            consultant=cra.employee_id.name,
            days=cra._format_days(),
            mission=" – ".join(filter(None, [cra.mission_id.name, cra.mission_id.title])),
            client=cra.partner_id.name,
            month=cra.month_label,
        )

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
        # sudo: only the report makes its days: ESN users have no create right on them
        self.env["esn.cra.line"].sudo()._workflow_create(
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

    # ------------------------------------------------------------------ declaring days

    @api.model
    def set_days(self, mission_ref, month, days):
        """Integrators' entry point: create or update the draft report of a mission for a month.

        :param str mission_ref: the mission's reference, e.g. MIS/2026/0001
        :param str month: 'YYYY-MM'
        :param dict days: {'YYYY-MM-DD': 0 | 0.5 | 1}; days not given are left as they are
        :return: the id of the report
        """
        if not isinstance(mission_ref, str) or not mission_ref:
            raise ValidationError(
                self.env._("mission_ref must be a mission reference such as MIS/2026/0001.")
            )
        try:
            month_bounds(month)
        except ValueError:
            raise ValidationError(
                self.env._("month %(month)r is not a month: use the YYYY-MM format.", month=month)
            ) from None
        if not isinstance(days, dict):
            raise ValidationError(self.env._("days must be a mapping of 'YYYY-MM-DD' dates to 0, 0.5 or 1."))
        Mission, domain = self.env["esn.mission"], [("name", "=", mission_ref)]
        if not (self.env.su or self.env.user.has_group("esn_base.group_esn_user")):
            # sudo: a consultant, with a portal or an internal login (no ESN role, no right to read
            # missions), finds their own missions only; the others do not exist for them
            Mission = Mission.sudo()
            domain.append(("employee_id.esn_login_user_id", "=", self.env.uid))
        mission = Mission.search(domain, limit=1).with_env(self.env)
        if not mission:
            raise ValidationError(self.env._("Unknown mission reference %(ref)r.", ref=mission_ref))
        mission._check_cra_declarant()
        # sudo: the declarant was checked above; consultants may not create reports, nor read them
        # with an internal login: the search, the lock and the create below
        cra = self.sudo().search([("mission_id", "=", mission.id), ("month", "=", month)])
        if not cra:
            # two first declarations of the month at once: the second waits, then is retried
            mission.sudo()._lock_rows()
            cra = self.sudo().create({"mission_id": mission.id, "month": month})
        cra._set_days(days)
        return cra.id

    def _set_days(self, days):
        """The one path every change of days goes through: {date or 'YYYY-MM-DD': quantity}, the
        quantity being 0, 0.5 or 1, or {"quantity": …, "on_call": true/false}."""
        self.ensure_one()
        self._lock_rows()
        self._check_editable()
        parsed = {}
        for key, value in days.items():
            day = self._parse_day(key)
            if day is None:
                raise ValidationError(self.env._("%(day)r is not a date (YYYY-MM-DD).", day=key))
            parsed[day] = self._parse_day_values(key, value)
        lines = {line.date: line for line in self.line_ids}
        unknown = sorted(day for day in parsed if day not in lines)
        if unknown:
            raise ValidationError(
                self.env._(
                    "%(days)s: not days of %(cra)s (outside the month or the mission).",
                    days=", ".join(map(str, unknown)),
                    cra=self.display_name,
                )
            )
        by_values = defaultdict(self.env["esn.cra.line"].browse)
        for day, values in parsed.items():
            changes = {name: value for name, value in values.items() if lines[day][name] != value}
            if changes:
                by_values[tuple(sorted(changes.items()))] |= lines[day]
        for changes, changed in by_values.items():
            # sudo: portal consultants only read their days; the callers checked who declares them
            changed.sudo().write(dict(changes))
        return True

    def _parse_day_values(self, key, value):
        """{"quantity": …[, "on_call": …]} of a day given as a quantity or as such a mapping."""
        values = dict(value) if isinstance(value, dict) else {"quantity": value}
        extra = values.keys() - {"quantity", "on_call"}
        quantity = values.get("quantity")
        if (
            extra
            or isinstance(quantity, bool)
            or not isinstance(quantity, (int, float))
            or quantity not in ALLOWED_QUANTITIES
            or not isinstance(values.get("on_call", False), bool)
        ):
            raise ValidationError(
                self.env._(
                    '%(day)s: a day is declared as 0, 0.5 or 1, or as {"quantity": 0 | 0.5 | 1, '
                    '"on_call": true | false} (not %(value)r).',
                    day=key,
                    value=value,
                )
            )
        values["quantity"] = float(quantity)
        return values

    @staticmethod
    def _parse_day(key):
        """The date of a day key: a date, or exactly 'YYYY-MM-DD'; None for anything else."""
        if isinstance(key, datetime.date) and not isinstance(key, datetime.datetime):
            return key
        if isinstance(key, str) and DATE_FORMAT.match(key):
            try:
                return datetime.date.fromisoformat(key)
            except ValueError:
                return None
        return None

    def _check_editable(self):
        locked = self.filtered(lambda cra: cra.state not in EDITABLE_STATES)
        if locked:
            raise UserError(
                self.env._(
                    "%(cras)s: a submitted activity report can only change after it is rejected.",
                    cras=", ".join(locked.mapped("display_name")),
                )
            )
        self._check_mission_open()

    def _check_mission_open(self):
        """Days are declared, submitted and validated on active missions, and on finished ones for
        their last months; never on a draft or cancelled mission."""
        # sudo: the mission's state, whoever declares (an internal consultant reads no mission)
        closed = self.sudo().mission_id.filtered(
            lambda mission: mission.state not in DECLARABLE_MISSION_STATES
        )
        if closed:
            raise UserError(
                self.env._(
                    "Mission %(mission)s is %(state)s: its activity reports cannot change.",
                    mission=closed[0].name,
                    state=closed[0]._state_label(),
                )
            )

    # ------------------------------------------------------------------ workflow

    def action_submit(self):
        self.mission_id._check_cra_declarant()
        # sudo: the consultant, checked above, submits: portal users may not write reports or days
        cras = self.sudo()
        cras._lock_rows()
        if cras.filtered(lambda cra: cra.state not in EDITABLE_STATES):
            raise UserError(self.env._("Only draft or rejected activity reports can be submitted."))
        cras._check_mission_open()
        today = fields.Date.context_today(self)
        for cra in cras:
            cra._check_submission_window(today)
        planned = cras.line_ids.filtered(lambda line: line.date > today and line.quantity)
        planned.filtered(lambda line: not line.planned)._workflow_write({"planned": True})
        (cras.line_ids - planned).filtered("planned")._workflow_write({"planned": False})
        cras._workflow_write(
            {"validation_state": "submitted", "submitted_on": fields.Datetime.now(), "reject_reason": False}
        )
        cras._warn_rest_days()
        schedule_once(
            cras,
            "esn_cra.mail_activity_cra_to_validate",
            lambda cra: {
                "user_id": cra.user_id.id,
                "date_deadline": today,
                "summary": self.env._("Activity report to validate"),
            },
        )
        return True

    def _rest_days_worked(self):
        return self.line_ids.filtered(
            lambda line: (
                line.quantity and (line.date.weekday() == 6 or (line.date.month, line.date.day) == (5, 1))
            )
        )

    def _submission_opens(self):
        """The first day the report can be submitted with days still to come, declared as planned:
        the company's submission window is its last working days; None without a window."""
        self.ensure_one()
        window = self.company_id.esn_cra_submission_days
        working = sorted(line.date for line in self.line_ids if line.day_kind == "working")
        if not window or not working:
            return None
        return working[-min(window, len(working))]

    def _check_submission_window(self, today):
        future = self.line_ids.filtered(lambda line: line.quantity and line.date > today)
        if not future:
            return
        opens = self._submission_opens()
        if opens and today >= opens:
            return
        days = ", ".join(format_date(self.env, day) for day in sorted(future.mapped("date")))
        if opens:
            raise ValidationError(
                self.env._(
                    "%(cra)s can be submitted from %(date)s, with the days still to come declared as planned "
                    "(%(days)s).",
                    cra=self.display_name,
                    date=format_date(self.env, opens),
                    days=days,
                )
            )
        raise ValidationError(self.env._("Days in the future cannot be submitted: %(days)s.", days=days))

    def _warn_rest_days(self):
        """A salaried consultant's work declared on a Sunday (Code du travail L3132-3) or on 1 May
        (L3133-4) needs a derogation: the account manager is told."""
        flagged = self.filtered(
            # sudo: the mission's kind, whoever submits (an internal consultant reads no mission)
            lambda cra: cra.sudo().mission_id.kind == "employee" and cra._rest_days_worked()
        )
        schedule_once(
            flagged,
            "mail.mail_activity_data_warning",
            lambda cra: {
                "user_id": cra.user_id.id,
                "date_deadline": fields.Date.context_today(cra),
                "summary": self.env._("Work on a Sunday or on 1 May"),
                "note": self.env._(
                    "%(consultant)s declares work on %(days)s: Sunday rest (L3132-3) and 1 May "
                    "(L3133-4) apply to employees unless a derogation covers it.",
                    consultant=cra.employee_id.name,
                    days=", ".join(format_date(self.env, line.date) for line in cra._rest_days_worked()),
                ),
            },
        )

    def action_validate(self):
        self._check_manager()
        self._lock_rows()
        not_submitted = self.filtered(lambda cra: cra.state != "submitted")
        if not_submitted:
            raise UserError(
                self.env._(
                    "Only submitted activity reports can be validated: %(cras)s.",
                    cras=", ".join(not_submitted.mapped("display_name")),
                )
            )
        self._check_mission_open()
        for cra in self.filtered("supplier_id"):
            cra.mission_id._check_vigilance(cra, "action_validate")
        to_client = self.filtered("client_approval_required")
        self._workflow_write(
            {
                "validation_state": "validated",
                "validated_by_id": self.env.uid,
                "validated_on": fields.Datetime.now(),
            }
        )
        to_client._workflow_write({"client_state": "pending"})
        (self - to_client)._workflow_write({"client_state": "none"})
        to_client._send_client_request()
        (self - to_client)._write_timesheets()
        self._close_validation_activity()
        return True

    def _close_validation_activity(self):
        mark_done(self, "esn_cra.mail_activity_cra_to_validate")

    def action_reject(self, reason):
        self._check_manager()
        reason = clean_reason(
            self.env, reason, self.env._("Give the reason for rejecting the activity report.")
        )
        self._lock_rows()
        wrong = self.filtered(lambda cra: cra.state not in ("submitted", "validated"))
        if wrong:
            raise UserError(
                self.env._(
                    "Only submitted or validated activity reports can be rejected: %(cras)s.",
                    cras=", ".join(wrong.mapped("display_name")),
                )
            )
        self._remove_timesheets()
        self._workflow_write(
            {"validation_state": "rejected", "client_state": "none", "reject_reason": reason}
        )
        # back with the consultant: the days follow what changed in the meantime (time off…)
        # sudo: the days are refreshed as when leaves change, whoever rejects
        self.sudo()._refresh_availability()
        # a link e-mailed to the client for this version of the report answers nothing any more
        # sudo: the client's link is Odoo administrators' only (groups=base.group_system)
        self.sudo()._workflow_write({"client_token": False, "client_token_expiry": False})
        self.env.ref("esn_cra.mail_template_cra_rejected").send_mail_batch(self.ids)
        self._close_validation_activity()
        return True

    def action_open_reject_wizard(self):
        return self.env["esn.reason.wizard"]._action_for(
            self, "action_reject", self.env._("Reject: the consultant receives the reason by e-mail")
        )

    def action_client_approve(self):
        """Approval by the client: the mission's client validator logged in on the portal, or an
        ESN manager on the client's behalf (recorded as such)."""
        self._check_client_validator()
        # sudo: the validator, checked above, may not write the report, nor anyone its client link
        return self.sudo()._client_answer("approved", user=self.env.user)

    def action_client_refuse(self, reason):
        self._check_client_validator()
        reason = clean_reason(
            self.env, reason, self.env._("Give the reason for refusing the activity report.")
        )
        # sudo: the validator, checked above, may not write the report, nor anyone its client link
        return self.sudo()._client_answer("refused", reason, user=self.env.user)

    def _client_approve_signed(self, signatory, signature, ip_address=None):
        """action_client_approve from the portal: the validator signs the reports with their name."""
        self._check_client_validator()
        self._check_signature(signatory, signature)
        # sudo: the validator, checked above, may not write the report, nor anyone its client link
        return self.sudo()._client_answer(
            "approved",
            signatory=signatory.strip(),
            ip_address=ip_address,
            user=self.env.user,
            signature=signature,
        )

    def _check_signature(self, signatory, signature):
        if not (signatory or "").strip():
            raise ValidationError(self.env._("Enter your name to answer."))
        try:
            # a drawing of the signature widget: a PNG or JPEG image, nothing a browser would run
            image = signature and ImageProcess(base64.b64decode(signature, validate=True)).image
        except (binascii.Error, TypeError, UserError):
            image = None
        if not image or image.format not in ("PNG", "JPEG"):
            raise ValidationError(self.env._("Sign to approve the activity report."))

    def _client_answer_by_token(self, token, answer, signatory, reason=None, ip_address=None, signature=None):
        """The answer given from the e-mailed link: only with the report's current client token; an
        approval is signed."""
        self.ensure_one()
        self._lock_rows()
        if not self._client_token_valid(token):
            raise AccessError(self.env._("This link is not valid any more: ask the ESN for a new one."))
        # sudo: the CRA login is HR and ESN staff's; the answer comes through the client's link
        if self.sudo().employee_id.esn_login_user_id == self.env.user:
            raise AccessError(self.env._("A consultant cannot answer for the client."))
        if answer == "approved":
            self._check_signature(signatory, signature)
        elif not (signatory or "").strip():
            raise ValidationError(self.env._("Enter your name to answer."))
        if answer == "refused" and not (reason or "").strip():
            raise ValidationError(self.env._("Give the reason for refusing the activity report."))
        return self._client_answer(
            answer,
            reason,
            signatory=signatory.strip(),
            ip_address=ip_address,
            user=self.env.user,
            token=token,
            signature=signature,
        )

    def _client_token_valid(self, token):
        """Whether `token` is this report's link to answer for the client, still awaiting the answer."""
        self.ensure_one()
        # sudo: the client's link is Odoo administrators' only (groups=base.group_system)
        cra = self.sudo()
        return bool(
            token
            and isinstance(token, str)
            and cra.client_state == "pending"
            and cra.client_token
            and consteq(cra.client_token, token)
            and cra.client_token_expiry
            and cra.client_token_expiry > fields.Datetime.now()
        )

    def _client_token_answered(self, token):
        """Whether `token` is the link that carried this report's answer (to show it again)."""
        self.ensure_one()
        # sudo: the used link's hash is Odoo administrators' only (groups=base.group_system)
        answered = self.sudo().client_answered_token
        return bool(token and isinstance(token, str) and answered and consteq(answered, _token_hash(token)))

    def _client_answer(
        self, answer, reason=None, signatory=None, ip_address=None, user=None, token=None, signature=None
    ):
        """Record the client's answer (who, when, from where, the approver's signature), then write
        timesheets or send back. Callers have checked who answers."""
        self._lock_rows()
        wrong = self.filtered(lambda cra: cra.state != "validated" or cra.client_state != "pending")
        if wrong:
            raise UserError(
                self.env._(
                    "These activity reports do not await the client's answer: %(cras)s.",
                    cras=", ".join(wrong.mapped("display_name")),
                )
            )
        user = user or self.env.user
        on_behalf = user._is_internal()
        signatory = signatory or user.name
        if on_behalf:
            signatory = self.env._("%(user)s (ESN, on behalf of the client)", user=user.name)
        values = {
            "client_state": answer,
            "client_signatory": signatory,
            "client_answered_on": fields.Datetime.now(),
            "client_answer_user_id": user.id,
            "client_ip": ip_address,
            "client_signature": signature or False,
            "client_refuse_reason": reason,
            # the link cannot answer again; kept hashed to show the answer to whoever opens it
            "client_token": False,
            "client_token_expiry": False,
            "client_answered_token": _token_hash(token) if token else False,
        }
        if answer == "refused":
            values.update(
                validation_state="rejected",
                reject_reason=self.env._("Refused by the client: %(reason)s", reason=reason),
            )
        self._workflow_write(values)
        if answer == "approved":
            self._write_timesheets()
        answer_label = dict(self._fields["client_state"]._description_selection(self.env))[answer]
        if reason:
            body = self.env._(
                "Client answer: %(answer)s by %(who)s (%(reason)s)",
                answer=answer_label,
                who=signatory,
                reason=reason,
            )
        else:
            body = self.env._("Client answer: %(answer)s by %(who)s", answer=answer_label, who=signatory)
        for cra in self:
            cra.message_post(body=body)
        return True

    # ------------------------------------------------------------------ timesheets

    def _write_timesheets(self):
        """The declared days become the consultant's timesheet on the mission's project: a line
        per week with the week's hours, dated the week's first day declared. The report keeps the
        days themselves; a line per day would multiply Odoo's per-line work by five at month end."""
        self._remove_timesheets()
        vals_list = []
        for cra in self:
            project = cra.mission_id.project_id
            if not project:
                raise UserError(
                    self.env._("Mission %(mission)s has no project.", mission=cra.mission_id.name)
                )
            hours_per_day = cra.employee_id._esn_hours_per_day()
            declared_by_week = defaultdict(list)
            for line in cra.line_ids:
                if line.quantity:
                    declared_by_week[line.date.isocalendar()[:2]].append(line)
            vals_list += [
                {
                    "esn_cra_id": cra.id,
                    "project_id": project.id,
                    "employee_id": cra.employee_id.id,
                    "date": min(line.date for line in declared),
                    "unit_amount": sum(line.quantity for line in declared) * hours_per_day,
                    "name": self.env._("CRA %(month)s, week %(week)s", month=cra.month, week=week),
                    "company_id": cra.company_id.id,
                }
                for (_year, week), declared in sorted(declared_by_week.items())
            ]
        # sudo: the consultant's timesheets are neither the manager's nor the client's to write
        Timesheet = self.env["account.analytic.line"].sudo()
        # hr_timesheet reads each line's project on its own: load them all at once beforehand
        # sudo: every stored field is fetched, some restricted to groups (project stages, sales)
        projects = self.mission_id.project_id.sudo()
        projects.fetch(
            [name for name, field in projects._fields.items() if field.store and field.column_type]
        )
        # timesheets of others are not the manager's to write: the checks above stand for them
        lines = Timesheet.with_context(esn_cra_timesheets_grouped=True).create(vals_list)
        if vals_list:
            lines.with_context(esn_cra_timesheets_grouped=False)._timesheet_postprocess_grouped(vals_list[0])

    def _remove_timesheets(self):
        """Only the timesheet lines these reports wrote."""
        # sudo: the consultant's timesheets, which the manager or the client may not delete
        self.sudo().timesheet_ids.unlink()

    # ------------------------------------------------------------------ access checks

    def _check_manager(self):
        if not self.env.user.has_group("esn_base.group_esn_manager"):
            raise AccessError(self.env._("Only ESN managers can validate or reject activity reports."))

    def _check_client_validator(self):
        """The mission's client validator (a portal user), or an ESN manager on its behalf; never
        the consultant of the report."""
        user = self.env.user
        if user.has_group("esn_base.group_esn_manager"):
            # on the client's behalf, for reports the manager may change: of their companies
            self.check_access("write")
            return
        # sudo: the CRA login is HR and ESN staff's: read to keep the consultant from answering
        cras = self.sudo()
        if (
            user._is_internal()
            or cras.filtered(lambda cra: cra.client_validator_id != user.partner_id)
            or cras.filtered(lambda cra: cra.employee_id.esn_login_user_id == user)
        ):
            raise AccessError(
                self.env._(
                    "Only the client's validator named on the mission can answer for these activity reports."
                )
            )

    # ------------------------------------------------------------------ e-mails and reminders

    def _send_client_request(self):
        """E-mail the client's validator the link to answer; a reminder extends the link's validity.

        The e-mail is kept out of the report's history: the link in it answers for the client."""
        now = fields.Datetime.now()
        # sudo: the client's link is Odoo administrators' only (groups=base.group_system)
        for cra in self.sudo():
            values = {
                "client_token_expiry": now + datetime.timedelta(days=cra.company_id.esn_client_token_days)
            }
            if not cra.client_token:
                values["client_token"] = secrets.token_urlsafe(32)
            cra._workflow_write(values)
        # the link answers for the client: only this e-mail renders it (see _client_review_url),
        # and the e-mail is nobody's message, in no record's history
        # sudo: the e-mail renders the client's link, whose token only Odoo administrators read
        self.env.ref("esn_cra.mail_template_cra_client_request").sudo()._with_action().send_mail_batch(
            self.ids,
            email_values={"model": False, "res_id": False, "author_id": self.env.ref("base.partner_root").id},
        )
        for cra in self:
            cra.message_post(
                body=self.env._(
                    "Approval requested from %(validator)s.",
                    validator=(cra.client_validator_id or cra.partner_id).display_name,
                )
            )

    def _client_review_url(self):
        """The client's link: with its token only in the e-mail that _send_client_request sends. A
        preview or a composer that a user opens on the template renders the page without it."""
        self.ensure_one()
        url = f"{self.get_base_url()}/my/cra/{self.id}/review"
        # sudo: the token is Odoo administrators' only: only _send_client_request's e-mail shows it
        return f"{url}?token={self.sudo().client_token}" if self._in_action() else url

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

    def _working_days_to_fill(self):
        """{day: days}: each day's availability in the consultant's schedule (time off and public
        holidays off), times the mission's allocation, to the half day."""
        self.ensure_one()
        # sudo: the mission's allocation, whoever fills the days (the callers checked the declarant)
        allocation = self.sudo().mission_id.allocation
        return {
            line.date: half_days(line.available * allocation) for line in self.line_ids if not line.on_call
        }

    def action_fill_days(self):
        for cra in self:
            cra.mission_id._check_cra_declarant()
            # sudo: the declarant, checked above, may only read the days (portal consultants)
            cra.sudo()._set_days(cra._working_days_to_fill())
        return True

    def action_clear_days(self):
        for cra in self:
            cra.mission_id._check_cra_declarant()
            # sudo: the declarant, checked above, may only read the days (portal consultants)
            cra.sudo()._set_days(dict.fromkeys(cra.line_ids.mapped("date"), 0.0))
        return True


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()
