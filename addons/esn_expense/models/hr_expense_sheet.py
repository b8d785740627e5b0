from odoo import models


class HrExpenseSheet(models.Model):
    _inherit = "hr.expense.sheet"

    def _esn_contractor_sheets(self):
        """Sheets of external consultants' expenses: the contractor bills them to the ESN on its
        vendor bill (esn_billing), so approving them makes no reimbursement entry."""
        return self.filtered(lambda sheet: sheet.expense_line_ids.esn_cra_id.supplier_id)

    def _check_can_create_move(self):
        return super(HrExpenseSheet, self - self._esn_contractor_sheets())._check_can_create_move()

    def _do_create_moves(self):
        return super(HrExpenseSheet, self - self._esn_contractor_sheets())._do_create_moves()
