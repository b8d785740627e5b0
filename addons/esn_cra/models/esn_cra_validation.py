from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.esn_base.activities import mark_done
from odoo.addons.esn_base.batch import act_on_each, notification
from odoo.addons.esn_base.reasons import clean_reason


class EsnCra(models.Model):
    """The account manager's validation or rejection, and the timesheet lines validation writes."""

    # the report's concerns live in one file each (see esn_cra.py)
    _inherit = "esn.cra"  # pylint: disable=consider-merging-classes-inherited

    can_validate = fields.Boolean(
        compute="_compute_can_validate", help="Whether the current user validates and rejects this report."
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

    def action_validate_selection(self):
        """The back office's Validate on a selection: the reports that can be validated are, the
        others are named with the reason, and the list is refreshed."""
        message, refused = self._validate_each()
        return notification(
            message,
            title=self.env._("Validate activity reports"),
            kind="warning" if refused else "success",
            next_action={"type": "ir.actions.client", "tag": "soft_reload"},
        )

    def _validate_each(self):
        """Validate the reports that can be, leaving the others as they are: (the message saying
        what was validated and why the others were not, the refused)."""
        refused = act_on_each(self, "action_validate")
        message = self.env._("%(count)s activity reports validated.", count=len(self) - len(refused))
        if refused:
            message += " " + self.env._("Not validated: %(refused)s", refused=" ".join(refused))
        return message, refused

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
        self._send_back()
        # a link e-mailed to the client for this version of the report answers nothing any more
        # sudo: the client's link is Odoo administrators' only (groups=base.group_system)
        self.sudo()._workflow_write({"client_token": False, "client_token_expiry": False})
        self.env.ref("esn_cra.mail_template_cra_rejected").send_mail_batch(self.ids)
        self._close_validation_activity()
        return True

    def _send_back(self):
        """Back with the consultant, rejected by the account manager or refused by the client: the
        days follow what changed in the meantime (time off…)."""
        # sudo: the days are refreshed as when leaves change, whoever sends back
        self.sudo()._refresh_availability()

    def action_open_reject_wizard(self):
        return self.env["esn.reason.wizard"]._action_for(
            self, "action_reject", self.env._("Reject: the consultant receives the reason by e-mail")
        )

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

    def _check_manager(self):
        if self - self._may_validate():
            raise AccessError(
                self.env._(
                    "Only ESN managers, and the account manager of a report's mission, can validate or "
                    "reject it (not their own declaration)."
                )
            )

    def _may_validate(self):
        """The reports the user validates and rejects: every one for ESN managers; for an ESN user,
        those of the missions they are the account manager of, except their own declaration."""
        user = self.env.user
        if user.has_group("esn_base.group_esn_manager"):
            return self
        if not user.has_group("esn_base.group_esn_user"):
            return self.browse()
        # sudo: who declares for the consultant is a manager's field, only compared here
        return self.filtered(
            lambda cra: cra.user_id == user and cra.employee_id.sudo().esn_login_user_id != user
        )

    @api.depends_context("uid")
    @api.depends("user_id")
    def _compute_can_validate(self):
        allowed = self._may_validate()
        for cra in self:
            cra.can_validate = cra in allowed
