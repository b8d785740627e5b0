from urllib.parse import urlencode

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


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
    def _own_cra_domain():
        """Reports of the consultants the user declares for (portal users may not read employees)."""
        employees = request.env["hr.employee"].sudo().search([("esn_login_user_id", "=", request.env.uid)])
        return [("employee_id", "in", employees.ids)]

    # ------------------------------------------------------------------ consultant

    @http.route("/my/cra", type="http", auth="user", website=True)
    def portal_my_cras(self, **kwargs):
        cras = request.env["esn.cra"].search(self._own_cra_domain())
        values = self._prepare_portal_layout_values()
        values.update({"cras": cras.sudo(), "page_name": "cra"})
        return request.render("esn_cra.portal_my_cras", values)

    def _own_cra(self, cra_id):
        """The report, if the logged-in user is its consultant; None otherwise."""
        cra = request.env["esn.cra"].browse(cra_id)
        try:
            cra.check_access("read")
            cra.mission_id._check_cra_declarant()
        except (AccessError, MissingError):
            return None
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
        """{day: {"quantity", "on_call"}} of the grid: a select per day, a checkbox when on call."""
        days = {}
        for key, value in form.items():
            if key.startswith("day_"):
                day = key[4:]
                try:
                    quantity = float(value or 0)
                except ValueError:
                    quantity = value
                days[day] = {"quantity": quantity, "on_call": f"oncall_{day}" in form}
        return days

    @http.route("/my/cra/<int:cra_id>/pdf", type="http", auth="user", website=True)
    def portal_my_cra_pdf(self, cra_id, **kwargs):
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
        cra = request.env["esn.cra"].sudo().browse(cra_id).exists()
        return cra if cra and cra._client_token_valid(token) else None

    def _answered_cra(self, cra_id, token):
        """The report whose answer the client's used link `token` carried; else None."""
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
