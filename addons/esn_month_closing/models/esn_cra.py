from odoo import api, models
from odoo.exceptions import UserError

# what may still change on a report of a closed month: its messages, activities and reminders
UNFROZEN_PREFIXES = ("message_", "activity_", "website_message")
UNFROZEN_FIELDS = {"last_reminder_date", "access_token"}


def check_months_open(records, company_months, vals=None):
    """Refuse the change when one of the (company id, month) pairs is a closed month."""
    if vals is not None and all(
        name in UNFROZEN_FIELDS or name.startswith(UNFROZEN_PREFIXES) for name in vals
    ):
        return
    closed = records.env["esn.month.closing"]._closed_months(company_months)
    if closed:
        raise UserError(
            records.env._(
                "%(month)s is closed: its activity reports cannot change. Correct it with a credit note "
                "and the next month's payroll, or have an ESN administrator reopen the month.",
                month=", ".join(sorted(month for _company, month in closed)),
            )
        )


class EsnCra(models.Model):
    _inherit = "esn.cra"

    def _company_months(self):
        # sudo: the report's month and company, whoever changes it
        return {(cra.company_id.id, cra.month) for cra in self.sudo()}

    @api.model_create_multi
    def create(self, vals_list):
        cras = super().create(vals_list)
        check_months_open(cras, cras._company_months())
        return cras

    def write(self, vals):
        check_months_open(self, self._company_months(), vals)
        return super().write(vals)

    def unlink(self):
        check_months_open(self, self._company_months())
        return super().unlink()


class EsnCraLine(models.Model):
    _inherit = "esn.cra.line"

    def _company_months(self):
        return self.cra_id._company_months()

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        check_months_open(lines, lines._company_months())
        return lines

    def write(self, vals):
        check_months_open(self, self._company_months(), vals)
        return super().write(vals)

    def unlink(self):
        check_months_open(self, self._company_months())
        return super().unlink()
