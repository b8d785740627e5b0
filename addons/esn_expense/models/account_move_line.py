from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    esn_expense_id = fields.Many2one(
        "hr.expense", string="Rebilled Expense", index="btree_not_null", copy=False, readonly=True
    )

    def _esn_link_fields(self):
        return super()._esn_link_fields() | {"esn_expense_id"}

    def _esn_line_values(self):
        return {**super()._esn_line_values(), "esn_expense_id": self.esn_expense_id.id}
