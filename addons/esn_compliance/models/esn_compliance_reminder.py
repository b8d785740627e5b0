import datetime

from odoo import api, fields, models

from odoo.addons.esn_base.activities import schedule_once


class EsnComplianceReminder(models.Model):
    """One reminder sent: what was asked of which contractor, on which day.

    The daily job reads it to send each reminder once a day at most."""

    _name = "esn.compliance.reminder"
    _description = "Compliance Reminder"
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    type_id = fields.Many2one("esn.compliance.document.type", required=True, ondelete="cascade")
    document_id = fields.Many2one("esn.compliance.document", ondelete="set null")
    reason = fields.Selection(
        [("missing", "Missing"), ("expiring", "Expiring"), ("expired", "Expired")], required=True
    )
    date = fields.Date(required=True, index=True)

    _sql_constraints = [
        (
            "reminder_once_a_day",
            "unique(partner_id, type_id, date)",
            "A reminder is sent once a day per contractor and document type.",
        ),
    ]

    @api.model
    def _cron_send(self):
        """Daily: refresh document states, then remind each contractor of what is missing, expiring
        or expired (e-mail with a portal link, activity for the responsible user).

        A reminder about a contractor's document type goes out once per reminder interval at most,
        and never twice the same day (unique per contractor, type and day)."""
        self.env["esn.compliance.document"]._refresh_states()
        today = fields.Date.context_today(self)
        partners = self.env["res.partner"].search(
            [
                ("esn_contractor_kind", "!=", False),
                ("esn_compliance_state", "in", ("expiring", "non_compliant")),
            ]
        )
        if not partners:
            return
        interval = self.env.company.esn_compliance_reminder_interval
        recent = self._read_group(
            [("partner_id", "in", partners.ids), ("date", ">", today - datetime.timedelta(days=interval))],
            ["partner_id", "type_id"],
        )
        already_sent = {(partner.id, doc_type.id) for partner, doc_type in recent}
        types = self.env["esn.compliance.document.type"]._active_types()
        vals_list, reminded = [], self.env["res.partner"]
        for partner in partners:
            for doc_type, (reason, doc) in partner._esn_compliance_status(types).items():
                if reason == "valid" or (partner.id, doc_type.id) in already_sent:
                    continue
                vals_list.append(
                    {
                        "partner_id": partner.id,
                        "type_id": doc_type.id,
                        "document_id": doc.id,
                        "reason": reason,
                        "date": today,
                    }
                )
                reminded |= partner
        if not vals_list:
            return
        self.create(vals_list)
        template = self.env.ref("esn_compliance.mail_template_compliance_reminder")
        template.send_mail_batch(reminded.filtered("email").ids)
        schedule_once(
            reminded,
            "esn_compliance.mail_activity_compliance",
            lambda partner: {
                "user_id": partner.user_id.id,
                "date_deadline": today,
                "summary": self.env._("Compliance documents to collect"),
                "note": partner.esn_compliance_issues,
            },
        )
