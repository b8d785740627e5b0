from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from ..models.res_partner import ACKNOWLEDGED_METHODS


class EsnComplianceOverrideWizard(models.TransientModel):
    _name = "esn.compliance.override.wizard"
    _description = "Override a Compliance Block"

    res_model = fields.Char(required=True, readonly=True)
    res_id = fields.Integer(required=True, readonly=True)
    method = fields.Char(required=True, readonly=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        manager = self.env.user.has_group("esn_base.group_esn_manager")
        if not manager and self.method not in ACKNOWLEDGED_METHODS:
            raise AccessError(self.env._("Only ESN managers can override the compliance check."))
        if not self.method.startswith("action_") or self.res_model not in self.env:
            raise UserError(self.env._("%(method)s cannot be overridden.", method=self.method))
        record = self.env[self.res_model].browse(self.res_id).exists()
        if not record:
            raise UserError(self.env._("The record to override no longer exists."))
        return getattr(record.with_context(esn_compliance_override_reason=self.reason), self.method)()
