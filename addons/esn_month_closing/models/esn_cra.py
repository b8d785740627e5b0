from odoo import fields, models
from odoo.exceptions import UserError

# what may still change on a report of a closed month: its messages, activities, reminders and
# links, and what its days allow as the schedule and time off change (the payroll reads time off)
UNFROZEN_PREFIXES = ("message_", "activity_", "website_message")
UNFROZEN_FIELDS = {
    "esn.cra": {"last_reminder_date", "access_token", "client_token", "client_token_expiry"},
    "esn.cra.line": {"available", "time_off", "absence", "day_kind", "holiday_name"},
}


def check_not_frozen(records, cras, vals=None):
    """Refuse changing `records` when one of their reports `cras` was closed with its month."""
    unfrozen = UNFROZEN_FIELDS[records._name]
    if vals is not None and all(name in unfrozen or name.startswith(UNFROZEN_PREFIXES) for name in vals):
        return
    # sudo: the report's closing, whoever changes it
    frozen = cras.sudo().filtered(lambda cra: cra.month_closing_id.state == "closed")
    if frozen:
        raise UserError(
            records.env._(
                "%(month)s is closed: its activity reports cannot change. Correct it with a credit note "
                "and the next month's payroll, or have an ESN administrator reopen the month.",
                month=frozen[0].month,
            )
        )


class EsnCra(models.Model):
    _inherit = "esn.cra"
    _workflow_fields = {"month_closing_id": "esn.month.closing.action_close"}

    month_closing_id = fields.Many2one(
        "esn.month.closing",
        string="Month-End Closing",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The closing of the report's month that froze it (a report made after the closing is "
        "not frozen: it is invoiced and paid with a later month's).",
    )

    def write(self, vals):
        check_not_frozen(self, self, vals)
        return super().write(vals)

    def unlink(self):
        check_not_frozen(self, self)
        return super().unlink()


class EsnCraLine(models.Model):
    _inherit = "esn.cra.line"

    def write(self, vals):
        check_not_frozen(self, self.cra_id, vals)
        return super().write(vals)

    def unlink(self):
        check_not_frozen(self, self.cra_id)
        return super().unlink()
