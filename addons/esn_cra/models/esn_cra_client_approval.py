import base64
import binascii
import datetime
import hashlib
import secrets

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import consteq
from odoo.tools.image import ImageProcess

from odoo.addons.esn_base.reasons import clean_reason


class EsnCra(models.Model):
    """The client's approval: the request e-mailed with a token, the answer signed on the portal."""

    # the report's concerns live in one file each (see esn_cra.py)
    _inherit = "esn.cra"  # pylint: disable=consider-merging-classes-inherited

    client_approval = fields.Selection(
        [
            ("upcoming", "To Come"),
            ("none", "Not Required"),
            ("pending", "Awaiting Client"),
            ("approved", "Approved"),
            ("refused", "Refused"),
        ],
        compute="_compute_client_approval",
        help="The client's approval as it stands: to come while the report is not validated yet.",
    )

    @api.depends("client_state", "client_approval_required", "validation_state")
    def _compute_client_approval(self):
        for cra in self:
            upcoming = (
                cra.client_state == "none"
                and cra.client_approval_required
                and cra.validation_state != "validated"
            )
            cra.client_approval = "upcoming" if upcoming else cra.client_state

    def action_client_approve(self):
        """Approval by the client: the mission's client validator logged in on the portal, or an
        ESN manager on the client's behalf (recorded as such)."""
        self._check_client_validator()
        # sudo: the validator, checked above, may not write the report, nor anyone its client link
        return self.sudo()._client_answer("approved", user=self.env.user)

    def action_client_refuse(self, reason):
        self._check_client_validator()
        reason = clean_reason(
            self.env, reason, self.env._("Give the reason for refusing the activity report.")
        )
        # sudo: the validator, checked above, may not write the report, nor anyone its client link
        return self.sudo()._client_answer("refused", reason, user=self.env.user)

    def _client_approve_signed(self, signatory, signature, ip_address=None):
        """action_client_approve from the portal: the validator signs the reports with their name."""
        self._check_client_validator()
        self._check_signature(signatory, signature)
        # sudo: the validator, checked above, may not write the report, nor anyone its client link
        return self.sudo()._client_answer(
            "approved",
            signatory=signatory.strip(),
            ip_address=ip_address,
            user=self.env.user,
            signature=signature,
        )

    def _check_signature(self, signatory, signature):
        if not (signatory or "").strip():
            raise ValidationError(self.env._("Enter your name to answer."))
        try:
            # a drawing of the signature widget: a PNG or JPEG image, nothing a browser would run
            image = signature and ImageProcess(base64.b64decode(signature, validate=True)).image
        except (binascii.Error, TypeError, UserError):
            image = None
        if not image or image.format not in ("PNG", "JPEG"):
            raise ValidationError(self.env._("Sign to approve the activity report."))

    def _client_answer_by_token(self, token, answer, signatory, reason=None, ip_address=None, signature=None):
        """The answer given from the e-mailed link: only with the report's current client token; an
        approval is signed."""
        self.ensure_one()
        self._lock_rows()
        if not self._client_token_valid(token):
            raise AccessError(self.env._("This link is not valid any more: ask the ESN for a new one."))
        # sudo: the CRA login is HR and ESN staff's; the answer comes through the client's link
        if self.sudo().employee_id.esn_login_user_id == self.env.user:
            raise AccessError(self.env._("A consultant cannot answer for the client."))
        if answer == "approved":
            self._check_signature(signatory, signature)
        elif not (signatory or "").strip():
            raise ValidationError(self.env._("Enter your name to answer."))
        if answer == "refused" and not (reason or "").strip():
            raise ValidationError(self.env._("Give the reason for refusing the activity report."))
        return self._client_answer(
            answer,
            reason,
            signatory=signatory.strip(),
            ip_address=ip_address,
            user=self.env.user,
            token=token,
            signature=signature,
        )

    def _client_token_valid(self, token):
        """Whether `token` is this report's link to answer for the client, still awaiting the answer."""
        self.ensure_one()
        # sudo: the client's link is Odoo administrators' only (groups=base.group_system)
        cra = self.sudo()
        return bool(
            token
            and isinstance(token, str)
            and cra.client_state == "pending"
            and cra.client_token
            and consteq(cra.client_token, token)
            and cra.client_token_expiry
            and cra.client_token_expiry > fields.Datetime.now()
        )

    def _client_token_answered(self, token):
        """Whether `token` is the link that carried this report's answer (to show it again)."""
        self.ensure_one()
        # sudo: the used link's hash is Odoo administrators' only (groups=base.group_system)
        answered = self.sudo().client_answered_token
        return bool(token and isinstance(token, str) and answered and consteq(answered, _token_hash(token)))

    def _client_answer(
        self, answer, reason=None, signatory=None, ip_address=None, user=None, token=None, signature=None
    ):
        """Record the client's answer (who, when, from where, the approver's signature), then write
        timesheets or send back. Callers have checked who answers."""
        self._lock_rows()
        wrong = self.filtered(lambda cra: cra.state != "validated" or cra.client_state != "pending")
        if wrong:
            raise UserError(
                self.env._(
                    "These activity reports do not await the client's answer: %(cras)s.",
                    cras=", ".join(wrong.mapped("display_name")),
                )
            )
        user = user or self.env.user
        on_behalf = user._is_internal()
        signatory = signatory or user.name
        if on_behalf:
            signatory = self.env._("%(user)s (ESN, on behalf of the client)", user=user.name)
        values = {
            "client_state": answer,
            "client_signatory": signatory,
            "client_answered_on": fields.Datetime.now(),
            "client_answer_user_id": user.id,
            "client_ip": ip_address,
            "client_signature": signature or False,
            "client_refuse_reason": reason,
            # the link cannot answer again; kept hashed to show the answer to whoever opens it
            "client_token": False,
            "client_token_expiry": False,
            "client_answered_token": _token_hash(token) if token else False,
        }
        if answer == "refused":
            values.update(
                validation_state="rejected",
                reject_reason=self.env._("Refused by the client: %(reason)s", reason=reason),
            )
        self._workflow_write(values)
        if answer == "approved":
            self._write_timesheets()
        else:
            self._send_back()
        answer_label = dict(self._fields["client_state"]._description_selection(self.env))[answer]
        if reason:
            body = self.env._(
                "Client answer: %(answer)s by %(who)s (%(reason)s)",
                answer=answer_label,
                who=signatory,
                reason=reason,
            )
        else:
            body = self.env._("Client answer: %(answer)s by %(who)s", answer=answer_label, who=signatory)
        for cra in self:
            cra.message_post(body=body)
        return True

    def _check_client_validator(self):
        """The mission's client validator (a portal user), or an ESN manager on its behalf; never
        the consultant of the report."""
        user = self.env.user
        if user.has_group("esn_base.group_esn_manager"):
            # on the client's behalf, for reports the manager may change: of their companies
            self.check_access("write")
            return
        # sudo: the CRA login is HR and ESN staff's: read to keep the consultant from answering
        cras = self.sudo()
        if (
            user._is_internal()
            or cras.filtered(lambda cra: cra.client_validator_id != user.partner_id)
            or cras.filtered(lambda cra: cra.employee_id.esn_login_user_id == user)
        ):
            raise AccessError(
                self.env._(
                    "Only the client's validator named on the mission can answer for these activity reports."
                )
            )

    def _send_client_request(self):
        """E-mail the client's validator the link to answer; a reminder extends the link's validity.

        The e-mail is kept out of the report's history: the link in it answers for the client."""
        now = fields.Datetime.now()
        # sudo: the client's link is Odoo administrators' only (groups=base.group_system)
        for cra in self.sudo():
            values = {
                "client_token_expiry": now + datetime.timedelta(days=cra.company_id.esn_client_token_days)
            }
            if not cra.client_token:
                values["client_token"] = secrets.token_urlsafe(32)
            cra._workflow_write(values)
        # the link answers for the client: only this e-mail renders it (see _client_review_url),
        # and the e-mail is nobody's message, in no record's history
        # sudo: the e-mail renders the client's link, whose token only Odoo administrators read
        self.env.ref("esn_cra.mail_template_cra_client_request").sudo()._with_action().send_mail_batch(
            self.ids,
            email_values={"model": False, "res_id": False, "author_id": self.env.ref("base.partner_root").id},
        )
        for cra in self:
            cra.message_post(
                body=self.env._(
                    "Approval requested from %(validator)s.",
                    validator=(cra.client_validator_id or cra.partner_id).display_name,
                )
            )

    def _client_review_url(self):
        """The client's link: with its token only in the e-mail that _send_client_request sends. A
        preview or a composer that a user opens on the template renders the page without it."""
        self.ensure_one()
        url = f"{self.get_base_url()}/my/cra/{self.id}/review"
        # sudo: the token is Odoo administrators' only: only _send_client_request's e-mail shows it
        return f"{url}?token={self.sudo().client_token}" if self._in_action() else url


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()
