from odoo import models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _action_confirm(self):
        result = super()._action_confirm()
        self._esn_create_missions()
        return result

    def _esn_create_missions(self):
        """A mission per line of consultant days that has none yet."""
        lines = self.order_line.filtered(lambda line: line.esn_is_mission and not line.esn_mission_ids)
        incomplete = lines.filtered(
            lambda line: not (line.esn_employee_id and line.esn_date_start and line.esn_date_end)
        )
        if incomplete:
            raise UserError(
                self.env._(
                    "Give the consultant and the mission dates on these lines before confirming: %(lines)s",
                    lines=", ".join(f"{line.order_id.name} / {line.name}" for line in incomplete),
                )
            )
        return self.env["esn.mission"].create([line._esn_mission_values() for line in lines])
