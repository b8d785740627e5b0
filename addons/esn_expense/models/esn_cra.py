import base64

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, formatLang
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.esn_billing.models.res_company import REBILLED_EXPENSES_ACCOUNT
from odoo.addons.esn_cra.models.esn_cra import EDITABLE_STATES

# an expense above this, in the company's currency, is not one the consultant declares on the portal
MAX_PORTAL_AMOUNT = 10000

BILLABLE_EXPENSE_STATES = ("approved", "done")


class EsnCra(models.Model):
    _inherit = "esn.cra"

    # the consultant's expenses are shown by the portal's pages (read as superuser)
    expense_ids = fields.One2many(
        "hr.expense", "esn_cra_id", string="Expenses", readonly=True, groups="base.group_user"
    )
    expense_count = fields.Integer(compute="_compute_expense_count")

    @api.depends("expense_ids")
    def _compute_expense_count(self):
        for cra in self:
            # sudo: the portal's pages count the consultant's expenses, which portal users cannot read
            cra.expense_count = len(cra.sudo().expense_ids)

    def action_view_expenses(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("hr_expense.hr_expense_actions_all")
        action.update(domain=[("esn_cra_id", "=", self.id)], context={"create": False})
        return action

    # ------------------------------------------------------------------ declaration (portal)

    def _expense_categories(self):
        """The expense categories a consultant picks on the portal: Odoo's expensable products
        of the report's company priced by the amount paid (not those with a unit cost, such as
        mileage)."""
        self.ensure_one()
        # sudo: the consultant picks the category on the portal, where products cannot be read
        products = (
            self.env["product.product"]
            .sudo()
            .with_company(self.company_id)
            .search(
                [("can_be_expensed", "=", True), ("company_id", "in", (False, self.company_id.id))],
                order="name",
            )
        )
        return products.filtered(lambda product: not product.standard_price)

    def _declare_expense(self, day, product, amount, description, receipt_name, receipt):
        """The consultant's expense on this report (sudo'ed by the portal after its access check),
        its receipt attached as hr_expense does; refused when the report is not editable any more."""
        self.ensure_one()
        # after a submission or validation running at the same time, never in the middle of it
        self._lock_rows()
        if self.state not in EDITABLE_STATES:
            raise UserError(
                self.env._("This activity report is submitted: its expenses cannot change any more.")
            )
        if not self.date_from <= day <= self.date_to:
            raise ValidationError(
                self.env._("The expense's date must be in %(month)s.", month=self.month_label)
            )
        if product not in self._expense_categories():
            raise ValidationError(self.env._("Choose the expense's category in the list."))
        currency = self.company_id.currency_id
        if float_compare(amount, 0, precision_rounding=currency.rounding) <= 0:
            raise ValidationError(self.env._("The amount of an expense must be positive."))
        if float_compare(amount, MAX_PORTAL_AMOUNT, precision_rounding=currency.rounding) > 0:
            raise ValidationError(
                self.env._(
                    "An expense above %(max)s is declared with the back office, not here.",
                    max=formatLang(self.env, MAX_PORTAL_AMOUNT, currency_obj=currency),
                )
            )
        if not (description or "").strip():
            raise ValidationError(self.env._("Describe the expense."))
        max_mb = self.env["esn.compliance.document"]._max_upload_mb()
        if receipt and len(receipt) > max_mb * 1024 * 1024:
            raise ValidationError(self.env._("The receipt is larger than %(max)s MB.", max=max_mb))
        mimetype = guess_mimetype(receipt or b"")
        if not receipt or not (mimetype.startswith("image/") or mimetype == "application/pdf"):
            raise ValidationError(self.env._("Attach the receipt: a photo or a PDF."))
        expense = self.env["hr.expense"].create(
            {
                "name": description.strip(),
                "employee_id": self.employee_id.id,
                "company_id": self.company_id.id,
                "product_id": product.id,
                "date": day,
                "quantity": 1,
                "total_amount_currency": amount,
                "currency_id": self.company_id.currency_id.id,
                "esn_cra_id": self.id,
                # an external consultant is not reimbursed: the contractor bills the expense
                "payment_mode": "company_account" if self.supplier_id else "own_account",
            }
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": receipt_name or "receipt",
                "datas": base64.b64encode(receipt),
                "res_model": "hr.expense",
                "res_id": expense.id,
            }
        )
        expense._message_set_main_attachment_id(attachment, force=True)
        return expense

    def _remove_expense(self, expense):
        """Delete a draft expense of this report (sudo'ed by the portal after its access check)."""
        self.ensure_one()
        self._lock_rows()
        if expense.esn_cra_id != self or expense.state != "draft" or self.state not in EDITABLE_STATES:
            raise UserError(self.env._("This expense cannot be deleted any more."))
        expense.unlink()

    # ------------------------------------------------------------------ validation

    def action_validate(self):
        result = super().action_validate()
        self._approve_expenses()
        return result

    def _approve_expenses(self):
        """The reports' new expenses, one expense sheet per report, approved by the validating
        manager: validating the report is approving what the consultant declared with it."""
        vals_list = []
        for cra in self:
            # sudo: the consultant's expenses, put on a sheet for them by the validating manager
            expenses = cra.sudo().expense_ids.filtered(lambda expense: expense.state == "draft")
            if expenses:
                vals_list += [
                    {**vals, "name": cra.display_name}
                    for vals in expenses._get_default_expense_sheet_values()
                ]
        if not vals_list:
            return
        # sudo: the sheet is the consultant's, made for them by the validating manager
        sheets = self.env["hr.expense.sheet"].sudo().create(vals_list)
        # its manager is who validates the report: the mission's account manager, or an ESN manager
        sheets.write({"user_id": self.env.uid})
        sheets.action_submit_sheet()
        # as the manager: Odoo checks that they may approve expenses (not their own, for one)
        sheets.sudo(False)._check_can_approve()
        # no duplicate warning: the manager saw the expenses with the report they validate
        sheets._do_approve()

    def _send_back(self):  # pylint: disable=missing-return
        """The expenses return to draft with the report, to correct or delete."""
        super()._send_back()
        # sudo: the consultant's sheets, reset and deleted by whoever sends back (a manager, the client)
        sheets = self.sudo().expense_ids.sheet_id
        sheets.action_reset_expense_sheets()
        sheets.unlink()

    # ------------------------------------------------------------------ billing

    def _invoice_line_values(self, move_type, product, taxes, day, worked_days):
        values = super()._invoice_line_values(move_type, product, taxes, day, worked_days)
        return values + self._expense_line_values(move_type, taxes)

    def _expense_line_values(self, move_type, taxes):
        """One line per approved expense not billed yet, at cost (its amount excluding the VAT
        paid), with the taxes of the days: rebilled to the client when the mission says so, and
        always on the contractor's bill for an external consultant's expenses."""
        self.ensure_one()
        # sudo: whoever runs the invoicing (an invoicing user) may read no missions
        mission = self.mission_id.sudo()
        customer = move_type == "out_invoice"
        if customer and not mission.expense_rebill:
            return []
        # sudo: the expenses, which an invoicing user without expense rights cannot read
        expenses = self.sudo().expense_ids.filtered(
            lambda expense: (
                expense.state in BILLABLE_EXPENSE_STATES and not expense._esn_billing_lines(move_type)
            )
        )
        partner = mission.partner_id if customer else mission.supplier_id
        reader = self.with_context(lang=partner.lang or self.env.lang).env
        analytic = {str(mission.project_id.account_id.id): 100} if mission.project_id.account_id else False
        # rebilled to the client: ancillary income; on the contractor's bill: the category's expense
        income = customer and self.company_id._esn_chart_ref(REBILLED_EXPENSES_ACCOUNT)
        account = {"account_id": income.id} if income else {}
        return [
            {
                **account,
                "product_id": expense.product_id.id,
                "name": reader._(
                    "Expense: %(description)s (%(date)s)",
                    description=expense.name,
                    date=self._format_day(reader, expense.date),
                ),
                "quantity": 1,
                "product_uom_id": expense.product_id.uom_id.id,
                "price_unit": expense.currency_id._convert(
                    expense.untaxed_amount_currency, self.currency_id, self.company_id, expense.date
                ),
                "tax_ids": [fields.Command.set(taxes.ids)],
                "esn_expense_id": expense.id,
                "esn_period_start": expense.date,
                "esn_period_end": expense.date,
                "analytic_distribution": analytic,
            }
            for expense in expenses
        ]
