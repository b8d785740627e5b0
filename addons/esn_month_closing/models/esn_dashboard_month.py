from odoo import fields, models


class EsnDashboardMonth(models.Model):
    _inherit = "esn.dashboard.month"

    accrued_revenue = fields.Monetary(
        compute="_compute_accruals",
        groups="esn_base.group_esn_manager",
        help="Produits à recevoir posted for the company's month (its month-end closing).",
    )
    accrued_cost = fields.Monetary(
        string="Accrued Costs",
        compute="_compute_accruals",
        groups="esn_base.group_esn_manager",
        help="Charges à payer posted for the company's month (its month-end closing).",
    )

    def _compute_accruals(self):
        # sudo: the closing's amounts, shown to managers on their dashboard
        closings = (
            self.env["esn.month.closing"]
            .sudo()
            .search([("company_id", "in", self.company_id.ids), ("month", "in", self.mapped("month"))])
        )
        amounts = {(closing.company_id, closing.month): closing for closing in closings}
        for month in self:
            closing = amounts.get((month.company_id, month.month))
            month.accrued_revenue = closing.accrued_revenue if closing else 0.0
            month.accrued_cost = closing.accrued_cost if closing else 0.0
