from odoo import fields, models


class SaleOrderLine(models.Model):
    _name = "sale.order.line"
    _inherit = ["sale.order.line", "esn.restricted.fields.copy.mixin"]

    esn_is_mission = fields.Boolean(related="product_id.esn_is_mission")
    esn_employee_id = fields.Many2one("hr.employee", string="Consultant")
    esn_date_start = fields.Date(string="Mission Start")
    esn_date_end = fields.Date(string="Mission End")
    esn_buy_rate = fields.Monetary(string="Buy Rate", groups="esn_base.group_esn_manager")
    esn_mission_ids = fields.One2many("esn.mission", "sale_line_id", string="Missions")

    def _esn_mission_fill(self):
        """How much of a mission the line names: "complete" (consultant, start and end),
        "partial", or "none" (an ordinary service line)."""
        self.ensure_one()
        filled = [bool(self.esn_employee_id), bool(self.esn_date_start), bool(self.esn_date_end)]
        return "complete" if all(filled) else "partial" if any(filled) else "none"

    def _esn_names(self):
        return ", ".join(f"{line.order_id.name} / {line.name}" for line in self)

    def _esn_mission_values(self):
        self.ensure_one()
        order = self.order_id
        # missions count in days, whatever unit the line is sold in
        day = self.env.ref("uom.product_uom_day")
        values = {
            "partner_id": order.partner_id.commercial_partner_id.id,
            "employee_id": self.esn_employee_id.id,
            "company_id": order.company_id.id,
            "date_start": self.esn_date_start,
            "date_end": self.esn_date_end,
            "sell_rate": self.product_uom._compute_price(self.price_unit, day),
            "currency_id": order.currency_id.id,
            "ordered_days": self.product_uom._compute_quantity(self.product_uom_qty, day),
            "client_po": order.client_order_ref,
            "lead_id": order.opportunity_id.id,
            "sale_line_id": self.id,
            "user_id": order.user_id.id,
            "title": self.name.split("\n")[0],
            "accept_negative_margin": bool(self.env.context.get("esn_accept_negative_margin")),
        }
        # sudo: the line's buy rate is the managers' (groups=): it goes to the mission whoever confirms
        if self.sudo().esn_buy_rate:
            values["buy_rate"] = self.product_uom._compute_price(self.sudo().esn_buy_rate, day)
        return values
