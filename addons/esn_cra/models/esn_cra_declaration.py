import datetime
import re
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from odoo.addons.esn_base.activities import schedule_once

from .esn_cra import EDITABLE_STATES, half_days, month_bounds
from .esn_cra_line import ALLOWED_QUANTITIES

DATE_FORMAT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DECLARABLE_MISSION_STATES = ("active", "done")


def _is_rest_day(day):
    """Sunday rest (Code du travail L3132-3) or 1 May (L3133-4)."""
    return day.weekday() == 6 or (day.month, day.day) == (5, 1)


class EsnCra(models.Model):
    """The consultant's declaration: days set on the portal, by RPC or filled from the schedule,
    and the submission."""

    # the report's concerns live in one file each (see esn_cra.py)
    _inherit = "esn.cra"  # pylint: disable=consider-merging-classes-inherited

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
        quantity being 0, 0.5 or 1, or {"quantity": …, "on_call": true/false, "remote": true/false}."""
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
        """{"quantity": …[, "on_call": …][, "remote": …]} of a day given as a quantity or as such a
        mapping."""
        values = dict(value) if isinstance(value, dict) else {"quantity": value}
        extra = values.keys() - {"quantity", "on_call", "remote"}
        quantity = values.get("quantity")
        if (
            extra
            or isinstance(quantity, bool)
            or not isinstance(quantity, (int, float))
            or quantity not in ALLOWED_QUANTITIES
            or not isinstance(values.get("on_call", False), bool)
            or not isinstance(values.get("remote", False), bool)
        ):
            raise ValidationError(
                self.env._(
                    '%(day)s: a day is declared as 0, 0.5 or 1, or as {"quantity": 0 | 0.5 | 1, '
                    '"on_call": true | false, "remote": true | false} (not %(value)r).',
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
        # the days to come are those of the reports of this month (a month end reads none of them)
        upcoming = cras.filtered(lambda cra: cra.date_to > today)
        planned = upcoming.line_ids.filtered(lambda line: line.date > today and line.quantity)
        planned.filtered(lambda line: not line.planned)._workflow_write({"planned": True})
        # sudo: the stale flags of the reports submitted above, whoever submits
        self.env["esn.cra.line"].sudo().search(
            [("cra_id", "in", cras.ids), ("planned", "=", True), ("id", "not in", planned.ids)]
        )._workflow_write({"planned": False})
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
        # the date first: a report's Sundays are few, its lines many
        return self.line_ids.filtered(lambda line: _is_rest_day(line.date) and line.quantity)

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
        if self.date_to <= today:
            return
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
