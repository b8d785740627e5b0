from odoo import fields, models
from odoo.exceptions import UserError

from ..batch import act_on_each, notification


class EsnReasonWizard(models.TransientModel):
    """Asks for the reason of a rejection or refusal, then calls `method(reason)` on the records.

    The method does its own access checks: the wizard gives no right the caller lacks over RPC."""

    _name = "esn.reason.wizard"
    _description = "Give a Reason"

    res_model = fields.Char(required=True, readonly=True)
    res_ids = fields.Json(required=True, readonly=True)
    method = fields.Char(required=True, readonly=True)
    description = fields.Char(readonly=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if not self.method.startswith("action_") or self.res_model not in self.env:
            raise UserError(self.env._("%(method)s cannot be called from this wizard.", method=self.method))
        records = self.env[self.res_model].browse(self.res_ids).exists()
        refused = act_on_each(records, self.method, self.reason)
        if not refused:
            return {"type": "ir.actions.act_window_close"}
        return notification(
            self.env._("Left as they were: %(refused)s", refused=" ".join(refused)),
            title=self.env._(
                "Done for %(done)s of %(total)s", done=len(records) - len(refused), total=len(records)
            ),
            kind="warning",
        )

    def _action_for(self, records, method, description):
        """The window action that asks for the reason, then calls records.method(reason)."""
        return {
            "type": "ir.actions.act_window",
            "name": description,
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_res_model": records._name,
                "default_res_ids": records.ids,
                "default_method": method,
                "default_description": description,
            },
        }
