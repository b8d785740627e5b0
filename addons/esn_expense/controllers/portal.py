import math

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.esn_compliance.controllers.portal import CompliancePortal
from odoo.addons.esn_cra.controllers.portal import CraPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class ExpensePortal(CraPortal):
    """Expenses declared with an activity report, on the report's page and the month page."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "esn_expense_count" in counters:
            # sudo: portal users have no right on expenses: only their own consultants' are counted
            values["esn_expense_count"] = (
                request.env["hr.expense"]
                .sudo()
                .search_count([("esn_cra_id.employee_id", "in", self._own_employees().ids)])
            )
        return values

    @http.route(["/my/expenses", "/my/expenses/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_expenses(self, page=1, **kwargs):
        """The consultant's expenses, newest first, with where each stands (approved, paid…)."""
        # sudo: portal users have no right on expenses: only their own consultants' are searched
        Expense = request.env["hr.expense"].sudo()
        domain = [("esn_cra_id.employee_id", "in", self._own_employees().ids)]
        pager = portal_pager(
            url="/my/expenses", total=Expense.search_count(domain), page=page, step=self._items_per_page
        )
        expenses = Expense.search(
            domain, order="date desc, id desc", limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update({"expenses": expenses, "page_name": "esn_expenses", "pager": pager})
        return request.render("esn_expense.portal_my_expenses", values)

    def _render_expense_page(self, cra, origin, error=None):
        if origin == "month":
            return self._render_month(cra.month, error=error)
        return self._render_grid(cra, error=error)

    @staticmethod
    def _redirect_after_expense(cra, origin, done):
        """Back to the page the expense was declared or deleted from, by GET: reloading it posts
        nothing again (POST-redirect-GET)."""
        page = f"/my/cra/month/{cra.month}" if origin == "month" else f"/my/cra/{cra.id}"
        return request.redirect(f"{page}?expense={done}")

    @staticmethod
    def _expense_notice(done):
        return {
            "added": request.env._("Expense added."),
            "deleted": request.env._("Expense deleted."),
        }.get(done)

    @http.route()
    def portal_my_cra(self, cra_id, receipt_too_large=None, expense=None, **kwargs):
        cra = (receipt_too_large or self._expense_notice(expense)) and self._own_cra(cra_id)
        if not cra:
            return super().portal_my_cra(cra_id, **kwargs)
        if receipt_too_large:
            max_mb = request.env["esn.compliance.document"]._max_upload_mb()
            return self._render_grid(
                cra, error=request.env._("The receipt is larger than %(max)s MB.", max=max_mb)
            )
        return self._render_grid(cra, success=self._expense_notice(expense))

    @http.route()
    def portal_my_cra_month(self, month=None, expense=None, **kwargs):
        notice = month and self._expense_notice(expense)
        if not notice:
            return super().portal_my_cra_month(month, **kwargs)
        return self._render_month(month, success=notice)

    # a request past the compliance documents' upload limit goes back to the report's page (ir.http)
    @http.route(
        "/my/cra/<int:cra_id>/expenses",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
        max_content_length=CompliancePortal._upload_request_limit,
        esn_upload="/my/cra/{cra_id}?receipt_too_large=1",
    )
    def portal_cra_expense_add(self, cra_id, origin=None, **form):
        cra = self._own_cra(cra_id)
        if not cra:
            return request.redirect("/my")
        env = request.env
        receipt = request.httprequest.files.get("receipt")
        try:
            with env.cr.savepoint():
                cra._declare_expense(
                    self._expense_date(form.get("date")),
                    self._expense_category(form.get("product_id")),
                    self._expense_amount(form.get("amount")),
                    form.get("description"),
                    receipt and receipt.filename,
                    receipt and receipt.read(),
                )
        except (UserError, ValidationError) as error:
            return self._render_expense_page(cra, origin, error=error.args[0])
        return self._redirect_after_expense(cra, origin, "added")

    @http.route(
        "/my/cra/<int:cra_id>/expenses/<int:expense_id>/delete",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_cra_expense_delete(self, cra_id, expense_id, origin=None, **kwargs):
        cra = self._own_cra(cra_id)
        if not cra:
            return request.redirect("/my")
        try:
            with request.env.cr.savepoint():
                # sudo: no portal right on expenses: _remove_expense checks it is this report's draft
                cra._remove_expense(request.env["hr.expense"].sudo().browse(expense_id).exists())
        except (UserError, ValidationError) as error:
            return self._render_expense_page(cra, origin, error=error.args[0])
        return self._redirect_after_expense(cra, origin, "deleted")

    @staticmethod
    def _expense_date(value):
        try:
            day = fields.Date.to_date(value or None)
        except ValueError:
            day = None
        if not day:
            raise UserError(request.env._("Give the expense's date."))
        return day

    @staticmethod
    def _expense_category(value):
        product_id = int(value) if str(value or "").isdigit() else 0
        # sudo: portal users may not read products: _declare_expense takes only the report's categories
        return request.env["product.product"].sudo().browse(product_id).exists()

    @staticmethod
    def _expense_amount(value):
        """The amount typed, with a decimal comma or point."""
        try:
            amount = float((value or "").strip().replace(",", "."))
        except ValueError:
            amount = None
        if amount is None or not math.isfinite(amount):
            raise UserError(request.env._("The amount of an expense must be a number, such as 12.50."))
        return amount
