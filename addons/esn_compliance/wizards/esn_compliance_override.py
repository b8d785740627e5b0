from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..models.res_partner import ACKNOWLEDGED_METHODS, OVERRIDABLE_METHODS


class EsnComplianceOverrideWizard(models.TransientModel):
    _name = "esn.compliance.override.wizard"
    _description = "Override a Compliance Block"

    res_model = fields.Char(required=True, readonly=True)
    res_id = fields.Integer(required=True, readonly=True)
    method = fields.Char(required=True, readonly=True)
    reason = fields.Text(required=True)

    @api.constrains("res_model", "method")
    def _check_overridable(self):
        """Only what the compliance guard blocks is run again, on the models that carry it: whoever
        opens the wizard names the model and the method."""
        for wizard in self:
            if wizard.res_model not in self.env or wizard.method not in OVERRIDABLE_METHODS.get(
                wizard.res_model, ()
            ):
                raise ValidationError(
                    self.env._(
                        "%(method)s of %(model)s cannot be overridden: only what the compliance check "
                        "blocks can.",
                        method=wizard.method,
                        model=wizard.res_model,
                    )
                )

    def action_confirm(self):
        self.ensure_one()
        self._check_overridable()
        manager = self.env.user.has_group("esn_base.group_esn_manager")
        if not manager and self.method not in ACKNOWLEDGED_METHODS:
            raise AccessError(self.env._("Only ESN managers can override the compliance check."))
        record = self.env[self.res_model].browse(self.res_id).exists()
        if not record:
            raise UserError(self.env._("The record to override no longer exists."))
        # the user's own rights on the record: the override lifts the compliance block, nothing else
        record.check_access("write")
        return getattr(record.with_context(esn_compliance_override_reason=self.reason), self.method)()
