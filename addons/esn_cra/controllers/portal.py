import math
from collections import defaultdict
from datetime import timedelta
from urllib.parse import urlencode

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import format_date

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.esn_cra import EDITABLE_STATES, month_bounds
from ..models.esn_cra_line import ALLOWED_QUANTITIES


class CraPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "cra_count" in counters:
            Cra = request.env["esn.cra"]
            values["cra_count"] = Cra.search_count(self._own_cra_domain()) if Cra.has_access("read") else 0
        if "cra_approval_count" in counters:
            Cra = request.env["esn.cra"]
            values["cra_approval_count"] = (
                Cra.search_count(self._approval_domain()) if Cra.has_access("read") else 0
            )
        return values

    @staticmethod
    def _own_employees():
        """The consultants the user declares for (portal users may not read employees)."""
        # sudo: portal users cannot read employees: only those the user declares for are found
        return request.env["hr.employee"].sudo().search([("esn_login_user_id", "=", request.env.uid)])

    def _own_cra_domain(self):
        """Reports of the consultants the user declares for."""
        return [("employee_id", "in", self._own_employees().ids)]

    @http.route()
    def home(self, **kw):
        response = super().home(**kw)
        response.qcontext["esn_consultant_home"] = self._is_consultant_only()
        # sudo: the user's own reports, found with their rights: the list names each one's mission
        response.qcontext["esn_cra_to_do"] = self._reports_to_do().sudo() if self._own_employees() else []
        return response

    def _is_consultant_only(self):
        """A consultant who is not also a contact of a customer: Odoo's orders and invoices entries
        (always shown, even empty) are not for them."""
        if not self._own_employees():
            return False
        names = ["quotation_count", "order_count", "invoice_count"]
        counters = self._prepare_home_portal_values(names)
        return not any(counters.get(name) for name in names)

    # ------------------------------------------------------------------ consultant

    def _cra_searchbar_sortings(self):
        return {
            "newest": {"label": request.env._("Newest"), "order": "date_from desc, id desc"},
            "oldest": {"label": request.env._("Oldest"), "order": "date_from, id"},
            "state": {"label": request.env._("Status"), "order": "state, date_from desc, id desc"},
        }

    def _cra_searchbar_filters(self):
        return {
            "all": {"label": request.env._("All"), "domain": []},
            "to_declare": {
                "label": request.env._("To declare"),
                "domain": [("state", "in", EDITABLE_STATES)],
            },
            "submitted": {"label": request.env._("Submitted"), "domain": [("state", "=", "submitted")]},
            "validated": {
                "label": request.env._("Validated"),
                "domain": [("state", "in", ("validated", "invoiced"))],
            },
        }

    @http.route(["/my/cra", "/my/cra/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_cras(self, page=1, sortby="newest", filterby="all", **kwargs):
        sortings, filters = self._cra_searchbar_sortings(), self._cra_searchbar_filters()
        sortby = sortby if sortby in sortings else "newest"
        filterby = filterby if filterby in filters else "all"
        domain = self._own_cra_domain() + filters[filterby]["domain"]
        Cra = request.env["esn.cra"]
        pager = portal_pager(
            url="/my/cra",
            url_args={"sortby": sortby, "filterby": filterby},
            total=Cra.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        cras = Cra.search(
            domain, order=sortings[sortby]["order"], limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # sudo: the list shows each report's client and consultant, which portal users cannot read
                "cras": cras.sudo(),
                "page_name": "cra",
                "default_url": "/my/cra",
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("esn_cra.portal_my_cras", values)

    def _own_cra(self, cra_id):
        """The report, if the logged-in user is its consultant; None otherwise."""
        cra = request.env["esn.cra"].browse(cra_id)
        try:
            cra.check_access("read")
            cra.mission_id._check_cra_declarant()
        except (AccessError, MissingError):
            return None
        # sudo: the user's own report, checked above: its page shows its client, its days are written
        return cra.sudo() if cra.exists() else None

    def _render_grid(self, cra, error=None, success=None):
        lines = {line.date: line for line in cra.line_ids}
        days = [cra.date_from.replace(day=number) for number in range(1, cra.date_to.day + 1)]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "cra": cra,
                "page_name": "cra",
                "days": days,
                "lines": lines,
                "leading_blanks": range(cra.date_from.weekday()),
                "editable": cra.state in ("draft", "rejected"),
                "error": error,
                "success": success,
            }
        )
        return request.render("esn_cra.portal_my_cra", values)

    @http.route("/my/cra/<int:cra_id>", type="http", auth="user", methods=["GET"], website=True)
    def portal_my_cra(self, cra_id, **kwargs):
        cra = self._own_cra(cra_id)
        if not cra:
            return request.redirect("/my")
        return self._render_grid(cra)

    @http.route("/my/cra/<int:cra_id>", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_cra_post(self, cra_id, op="save", **form):
        cra = self._own_cra(cra_id)
        if not cra:
            return request.redirect("/my")
        env = request.env
        try:
            with env.cr.savepoint():
                if op == "fill":
                    days = cra._working_days_to_fill()
                elif op == "clear":
                    days = {line.date: 0.0 for line in cra.line_ids}
                else:
                    days = self._days_from_form(form)
                cra._set_days(days)
                if op == "submit":
                    cra.with_user(env.user).action_submit()
        except (UserError, ValidationError) as error:
            cra.invalidate_recordset()
            cra.line_ids.invalidate_recordset()
            return self._render_grid(cra, error=error.args[0])
        message = env._("Submitted for validation.") if op == "submit" else env._("Saved.")
        return self._render_grid(cra, success=message)

    @staticmethod
    def _days_from_form(form):
        """{day: {"quantity", "on_call", "remote"}} of the grid: a select per day, a checkbox when on
        call, one when worked remotely."""
        days = {}
        for key, value in form.items():
            if key.startswith("day_"):
                day = key[4:]
                try:
                    quantity = float(value or 0)
                except ValueError:
                    quantity = None
                if quantity is None or not math.isfinite(quantity):
                    # refused by the report as it is typed, shown shortened in the message
                    quantity = value[:20]
                days[day] = {
                    "quantity": quantity,
                    "on_call": f"oncall_{day}" in form,
                    "remote": f"remote_{day}" in form,
                }
        return days

    # ------------------------------------------------------------------ consultant, the whole month

    def _month_cras(self, month):
        """The user's reports of `month`, one per mission (searched with the user's rights)."""
        cras = request.env["esn.cra"].search([*self._own_cra_domain(), ("month", "=", month)])
        # sudo: the mission's name, to sort the user's own reports
        return cras.sorted(lambda cra: cra.sudo().mission_id.name)

    @staticmethod
    def _month_or_404(month):
        """First and last day of `month` ('YYYY-MM'); not found when it is not a month."""
        try:
            return month_bounds(month)
        except ValueError:
            raise request.not_found() from None

    def _render_month(self, month, error=None, success=None, typed=None):
        """The month grid: a row per report, a column per day, each cell's quantity, on-call and remote
        flags as saved, or as typed in the form `typed` shown again."""
        env = request.env
        date_from, date_to = self._month_or_404(month)
        # sudo: the grid shows the user's reports with their client and consultant, beyond portal rights
        cras = self._month_cras(month).sudo()
        editable = cras.filtered(lambda cra: cra.state in EDITABLE_STATES)
        cells, totals = {}, defaultdict(float)
        for line in cras.line_ids:
            cra = line.cra_id
            if typed is not None and cra in editable:
                quantity = self._typed_quantity(typed.get(f"{cra.id}:day_{line.date}"))
                on_call = f"{cra.id}:oncall_{line.date}" in typed
                remote = f"{cra.id}:remote_{line.date}" in typed
            else:
                quantity, on_call, remote = line.quantity, line.on_call, line.remote
            cells[cra.id, line.date] = {
                "line": line,
                "quantity": quantity,
                "on_call": on_call,
                "remote": remote,
            }
            totals[cra] += quantity
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "cra_month",
                "month_label": format_date(env, date_from, date_format="MMMM yyyy"),
                "previous_month": (date_from - timedelta(days=1)).strftime("%Y-%m"),
                "next_month": (date_to + timedelta(days=1)).strftime("%Y-%m"),
                "month": month,
                "cras": cras,
                "editable_cras": editable,
                "days": [
                    (day, format_date(env, day, date_format="EEEEE"))
                    for day in (date_from + timedelta(days=offset) for offset in range(date_to.day))
                ],
                "cells": cells,
                "totals": totals,
                "format_days": self._format_days,
                "error": error,
                "success": success,
            }
        )
        return request.render("esn_cra.portal_my_cra_month", values)

    @staticmethod
    def _typed_quantity(value):
        """A day's quantity as typed, to show it again: 0, 0.5 or 1, anything else as nothing."""
        try:
            quantity = float(value or 0)
        except ValueError:
            return 0.0
        return quantity if quantity in ALLOWED_QUANTITIES else 0.0

    @staticmethod
    def _format_days(days):
        """20,5 j: a number of days in the reader's language, with its unit."""
        env = request.env
        return env._("%(days)s d", days=env["esn.cra"]._format_days(days))

    @http.route(
        ["/my/cra/month", "/my/cra/month/<string:month>"],
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def portal_my_cra_month(self, month=None, **kwargs):
        return self._render_month(month or self._month_to_declare())

    def _reports_to_do(self):
        """The user's reports to act on, oldest first: sent back (rejected) ones, and past months
        not submitted yet."""
        this_month = fields.Date.context_today(request.env.user).strftime("%Y-%m")
        domain = [
            *self._own_cra_domain(),
            "|",
            ("state", "=", "rejected"),
            "&",
            ("state", "=", "draft"),
            ("month", "<", this_month),
        ]
        return request.env["esn.cra"].search(domain, order="month, id")

    def _month_to_declare(self):
        """The month the consultant's month page opens on: the oldest with a report to do, else this one."""
        to_do = self._reports_to_do()[:1]
        return to_do.month or fields.Date.context_today(request.env.user).strftime("%Y-%m")

    @http.route("/my/cra/month/<string:month>", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_cra_month_post(self, month, op="save", **form):
        """Save the days of every report of the month, and submit them all with op=submit: in one
        transaction, nothing is saved or submitted when one of them is refused."""
        self._month_or_404(month)
        env = request.env
        cras = self._month_cras(month)
        submit = op == "submit"
        try:
            if op == "fill":
                # each report's working days, at its mission's allocation, as the report's own page fills
                # sudo: the days' availability and the mission's allocation, which portal consultants do
                # not read; `_month_cras` gave the declarant's own reports only
                days = {
                    cra: cra.sudo()._working_days_to_fill() for cra in cras if cra.state in EDITABLE_STATES
                }
            else:
                days = self._month_days_from_form(form, cras)
            to_declare = cras.filtered(lambda cra: cra in days or (submit and cra.state in EDITABLE_STATES))
            with env.cr.savepoint():
                for cra in to_declare:
                    self._declare(cra, days.get(cra), submit)
        except (UserError, ValidationError) as error:
            cras.invalidate_recordset()
            cras.line_ids.invalidate_recordset()
            return self._render_month(month, error=error.args[0], typed=form)
        message = {
            "submit": env._("The month is submitted for validation."),
            "fill": env._("Working days filled: check them, then submit the month."),
        }.get(op, env._("Saved."))
        return self._render_month(month, success=message)

    def _month_days_from_form(self, form, cras):
        """{report: days} of the month grid, whose fields are '<report id>:day_<date>' and
        '<report id>:oncall_<date>'; refused when one is not of the user's reports of the month."""
        fields_by_id = defaultdict(dict)
        for key, value in form.items():
            cra_id, colon, name = key.partition(":")
            if colon:
                fields_by_id[cra_id][name] = value
        by_id = {str(cra.id): cra for cra in cras}
        if fields_by_id.keys() - by_id.keys():
            raise UserError(
                request.env._(
                    "Some of these days are not of your activity reports of this month: nothing is saved."
                )
            )
        return {by_id[cra_id]: self._days_from_form(fields) for cra_id, fields in fields_by_id.items()}

    @staticmethod
    def _declare(cra, days, submit):
        """Set the report's days (and submit it), its refusal naming its mission."""
        env = request.env
        try:
            if days:
                # sudo: portal consultants only read their days; the report is the user's own (_month_cras)
                cra.sudo()._set_days(days)
            if submit:
                cra.with_user(env.user).action_submit()
        except (UserError, ValidationError) as error:
            # sudo: the mission's name in the message, the report being the user's own
            raise UserError(
                env._("%(mission)s: %(error)s", mission=cra.sudo().mission_id.name, error=error.args[0])
            ) from error

    @http.route("/my/cra/<int:cra_id>/pdf", type="http", auth="user", website=True)
    def portal_my_cra_pdf(self, cra_id, **kwargs):
        # sudo: the PDF shows the mission and the consultant, which a client's validator cannot read
        cra = self._own_cra(cra_id) or self._approval_cras([cra_id]).sudo()
        if not cra:
            return request.redirect("/my")
        return self._show_pdf(cra)

    def _show_pdf(self, cra):
        return self._show_report(
            model=cra, report_type="pdf", report_ref="esn_cra.action_report_cra", download=True
        )

    # ------------------------------------------------------------------ client validator, logged in

    @staticmethod
    def _approval_domain():
        """Reports awaiting the answer of the logged-in user as the client validator of their mission."""
        return [
            ("client_state", "=", "pending"),
            ("client_validator_id", "=", request.env.user.partner_id.id),
        ]

    def _approval_cras(self, cra_ids):
        """Those of `cra_ids` that await the logged-in user's answer (searched with the user's rights)."""
        ids = [int(cra_id) for cra_id in cra_ids if str(cra_id).isdigit()]
        return request.env["esn.cra"].search([("id", "in", ids), *self._approval_domain()])

    @staticmethod
    def _requested_cra_ids():
        return request.httprequest.args.getlist("cra_ids")

    @http.route("/my/cra/approvals", type="http", auth="user", methods=["GET"], website=True)
    def portal_cra_approvals(self, answered=None, **kwargs):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # sudo: the validator reads the pending reports, not their mission or consultant
                "cras": request.env["esn.cra"].search(self._approval_domain()).sudo(),
                "answered": answered,
                "page_name": "cra_approvals",
            }
        )
        return request.render("esn_cra.portal_cra_approvals", values)

    @http.route("/my/cra/approvals/sign", type="http", auth="user", methods=["GET"], website=True)
    def portal_cra_approvals_sign(self, **kwargs):
        cras = self._approval_cras(self._requested_cra_ids())
        if not cras:
            return request.redirect("/my/cra/approvals")
        return self._render_approvals_sign(cras)

    def _render_approvals_sign(self, cras, error=None):
        """The reports to approve, each with its days and attestation, and the signature form."""
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # sudo: the page shows the mission, the consultant and the ESN's identity, beyond the
                # validator's rights
                "cras": cras.sudo(),
                "res_company": cras.company_id[:1].sudo(),
                "call_url": "/my/cra/approvals/approve?" + urlencode({"cra_ids": cras.ids}, doseq=True),
                "error": error,
                "page_name": "cra_approvals",
            }
        )
        return request.render("esn_cra.portal_cra_approvals_sign", values)

    @http.route("/my/cra/approvals/approve", type="json", auth="user", website=True)
    def portal_cra_approvals_approve(self, name=None, signature=None, **kwargs):
        """The signature form's call (portal.signature_form): approve every report of the query."""
        cra_ids = set(self._requested_cra_ids())
        cras = self._approval_cras(cra_ids)
        if not cras or len(cras) != len(cra_ids):
            return {"error": request.env._("These activity reports do not await your answer.")}
        try:
            with request.env.cr.savepoint():
                cras._client_approve_signed(name, signature, ip_address=request.httprequest.remote_addr)
        except (AccessError, UserError, ValidationError) as error:
            return {"error": error.args[0]}
        return {"force_refresh": True, "redirect_url": "/my/cra/approvals?answered=approved"}

    @http.route("/my/cra/approvals/refuse", type="http", auth="user", methods=["POST"], website=True)
    def portal_cra_approvals_refuse(self, cra_id=None, reason=None, **kwargs):
        cra = self._approval_cras([cra_id])
        if not cra:
            return request.redirect("/my/cra/approvals")
        try:
            with request.env.cr.savepoint():
                cra.action_client_refuse(reason)
        except (AccessError, UserError, ValidationError) as error:
            return self._render_approvals_sign(cra, error=error.args[0])
        return request.redirect("/my/cra/approvals?answered=refused")

    # ------------------------------------------------------------------ client approval

    @staticmethod
    def _token_cra(cra_id, token):
        """The report the client's link points to, when `token` is its current link; else None."""
        # sudo: the link's token, checked below, stands for the client's rights (public user)
        cra = request.env["esn.cra"].sudo().browse(cra_id).exists()
        return cra if cra and cra._client_token_valid(token) else None

    def _answered_cra(self, cra_id, token):
        """The report whose answer the client's used link `token` carried; else None."""
        # sudo: the used link's token, checked below, shows the answer it carried (public user)
        cra = request.env["esn.cra"].sudo().browse(cra_id).exists()
        return cra if cra and cra._client_token_answered(token) else None

    def _render_review(self, cra, token=None, answered=None, error=None):
        values = {
            "cra": cra,
            "token": token,
            "answered": answered,
            "error": error,
            "res_company": cra.company_id,
            "page_name": "cra_review",
        }
        return request.render("esn_cra.portal_cra_review", values)

    @http.route("/my/cra/<int:cra_id>/review", type="http", auth="public", website=True)
    def portal_cra_review(self, cra_id, token=None, **kwargs):
        cra = self._token_cra(cra_id, token)
        if cra:
            return self._render_review(cra, token=token)
        answered = self._answered_cra(cra_id, token)
        if answered:
            return self._render_review(answered, token=token, answered=answered.client_state)
        raise request.not_found()

    @http.route("/my/cra/<int:cra_id>/review/pdf", type="http", auth="public", website=True)
    def portal_cra_review_pdf(self, cra_id, token=None, **kwargs):
        cra = self._token_cra(cra_id, token) or self._answered_cra(cra_id, token)
        if not cra:
            raise request.not_found()
        return self._show_pdf(cra)

    @http.route("/my/cra/<int:cra_id>/approve", type="json", auth="public", website=True)
    def portal_cra_approve(self, cra_id, token=None, name=None, signature=None, **kwargs):
        """The signature form's call (portal.signature_form), the token in the query string."""
        token = token or request.httprequest.args.get("token")
        cra = self._token_cra(cra_id, token)
        if not cra:
            return {"error": request.env._("This link is not valid any more: ask the ESN for a new one.")}
        try:
            with request.env.cr.savepoint():
                cra._client_answer_by_token(
                    token, "approved", name, ip_address=request.httprequest.remote_addr, signature=signature
                )
        except (AccessError, UserError, ValidationError) as error:
            return {"error": error.args[0]}
        return {
            "force_refresh": True,
            "redirect_url": f"/my/cra/{cra.id}/review?{urlencode({'token': token})}",
        }

    @http.route("/my/cra/<int:cra_id>/refuse", type="http", auth="public", methods=["POST"], website=True)
    def portal_cra_refuse(self, cra_id, token=None, name=None, reason=None, **kwargs):
        cra = self._token_cra(cra_id, token)
        if not cra:
            raise request.not_found()
        env = request.env
        signatory = (name or "").strip() or (not env.user._is_public() and env.user.name) or ""
        try:
            with env.cr.savepoint():
                cra._client_answer_by_token(
                    token, "refused", signatory, reason=reason, ip_address=request.httprequest.remote_addr
                )
        except AccessError:
            raise request.not_found() from None
        except (UserError, ValidationError) as error:
            return self._render_review(cra, token=token, error=error.args[0])
        return self._render_review(cra, token=token, answered="refused")
