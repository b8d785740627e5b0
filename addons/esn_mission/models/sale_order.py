from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    esn_lines_without_mission = fields.Boolean(
        compute="_compute_esn_lines_without_mission",
        string="Lines Without Mission",
        help="Lines of consultant days sold without a mission (no consultant or dates named yet).",
    )

    @api.depends("order_line.esn_is_mission", "order_line.esn_mission_ids")
    def _compute_esn_lines_without_mission(self):
        for order in self:
            order.esn_lines_without_mission = any(
                line.esn_is_mission and not line.esn_mission_ids for line in order.order_line
            )

    def _action_confirm(self):
        result = super()._action_confirm()
        self._esn_create_missions()
        return result

    def _esn_create_missions(self, required=False):
        """A mission per line of consultant days that names its consultant and dates and has none yet.

        A line naming none of them is an ordinary service line, as Odoo sells any service (Odoo's
        own flows, e.g. "Make Billable" on a project, pick the first service product); a line
        naming only some of them is refused. With `required` (the user asked for the missions),
        every line of consultant days without a mission must name them.
        """
        lines = self.order_line.filtered(lambda line: line.esn_is_mission and not line.esn_mission_ids)
        complete = lines.filtered(lambda line: line._esn_mission_fill() == "complete")
        half_filled = lines.filtered(lambda line: line._esn_mission_fill() == "partial")
        if half_filled:
            raise UserError(
                self.env._(
                    "These lines of consultant days name only part of their mission: give the "
                    "consultant, the mission start and the mission end, or none of them to sell "
                    "the days as an ordinary service: %(lines)s",
                    lines=half_filled._esn_names(),
                )
            )
        if required and lines - complete:
            raise UserError(
                self.env._(
                    "Give the consultant and the mission dates on these lines to create their missions: "
                    "%(lines)s",
                    lines=(lines - complete)._esn_names(),
                )
            )
        return self.env["esn.mission"].create([line._esn_mission_values() for line in complete])

    def action_esn_create_missions(self):
        """Create the missions of the confirmed orders' lines of consultant days, on request."""
        orders = self.filtered(lambda order: order.state == "sale")
        if orders != self:
            raise UserError(
                self.env._(
                    "Confirm these sale orders before creating their missions: %(orders)s",
                    orders=", ".join((self - orders).mapped("name")),
                )
            )
        missions = orders._esn_create_missions(required=True)
        action = self.env["ir.actions.act_window"]._for_xml_id("esn_mission.action_esn_missions")
        action["domain"] = [("sale_line_id", "in", orders.order_line.ids)]
        if len(missions) == 1:
            action.update(res_id=missions.id, views=[(False, "form")], view_mode="form")
        return action
