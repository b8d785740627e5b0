from odoo import api, fields, models
from odoo.exceptions import AccessError


class EsnConfigSettings(models.TransientModel):  # pylint: disable=no-wizard-in-models
    """The ESN settings of the current company, for ESN administrators.

    Odoo's own settings page needs full administrator rights; ESN administrators change only
    these company fields. Each module adds the settings it reads, as fields related to the
    company."""

    _name = "esn.config.settings"
    _description = "ESN Settings"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    esn_currency_id = fields.Many2one(related="company_id.currency_id", string="ESN Currency")

    @api.model_create_multi
    def create(self, vals_list):
        # the related fields write the company, which only Odoo administrators may write:
        # ESN administrators write these fields of their own companies, and nothing else
        self._check_esn_admin(
            self.env["res.company"].browse(
                vals.get("company_id") or self.env.company.id for vals in vals_list
            )
        )
        # sudo: the related fields write the company, which ESN administrators may not; checked above
        return super(EsnConfigSettings, self.sudo()).create(vals_list).sudo(self.env.su)

    def write(self, vals):
        self._check_esn_admin(self.company_id | self.env["res.company"].browse(vals.get("company_id") or []))
        # sudo: the related fields write the company, which ESN administrators may not; checked above
        return super(EsnConfigSettings, self.sudo()).write(vals)

    def _check_esn_admin(self, companies):
        if self.env.su:
            return
        if not self.env.user.has_group("esn_base.group_esn_admin"):
            raise AccessError(self.env._("Only ESN administrators can change the ESN settings."))
        if companies - self.env.user.company_ids:
            raise AccessError(self.env._("You can only change the settings of your own companies."))

    def execute(self):
        """The settings page's Save button: the values were written when the page was saved."""
        return {"type": "ir.actions.client", "tag": "reload"}
