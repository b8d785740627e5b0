import base64
import datetime
import os
import re
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.esn_base.activities import mark_done, schedule_once
from odoo.addons.esn_base.reasons import clean_reason

# accepted content types and the extension a file of that content is named with
ACCEPTED_MIMETYPES = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
DEFAULT_MAX_UPLOAD_MB = 10
# what the document says; it cannot change once the document was reviewed
EVIDENCE_FIELDS = {
    "partner_id",
    "type_id",
    "company_id",
    "issue_date",
    "stated_expiry_date",
    "verification_code",
    "file",
    "file_name",
    "translation_file",
    "translation_file_name",
}


class EsnComplianceDocument(models.Model):
    _name = "esn.compliance.document"
    _description = "Compliance Document"
    _inherit = ["mail.thread", "mail.activity.mixin", "esn.workflow.mixin"]
    _order = "expiry_date desc, id desc"
    _rec_name = "type_id"
    _workflow_fields = {
        "state": "action_validate / action_reject",
        "review_state": "action_validate / action_reject",
        "reject_reason": "action_reject",
        "reviewed_by_id": "action_validate / action_reject",
        "reviewed_on": "action_validate / action_reject",
        "code_checked_by_id": "action_check_code",
        "code_checked_on": "action_check_code",
    }

    active = fields.Boolean(default=True, tracking=True, help="Archived: withdrawn, kept as proof.")
    partner_id = fields.Many2one(
        "res.partner",
        string="Contractor",
        required=True,
        index=True,
        # the proof outlives the contractor's record, which is archived rather than deleted
        ondelete="restrict",
        tracking=True,
        domain=[("esn_contractor_kind", "!=", False)],
    )
    type_id = fields.Many2one(
        "esn.compliance.document.type",
        string="Document Type",
        required=True,
        ondelete="restrict",
        tracking=True,
    )
    type_code = fields.Char(related="type_id.code")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    issue_date = fields.Date(required=True, tracking=True)
    stated_expiry_date = fields.Date(
        string="End Date Stated",
        tracking=True,
        help="The end date written on the document (insurance certificates). A document type with a "
        "validity in months lasts that long from the issue date at most, whatever the document states.",
    )
    expiry_date = fields.Date(
        string="Valid Until",
        compute="_compute_expiry_date",
        store=True,
        tracking=True,
        help="Last day the document is valid: the end date it states, within the type's validity from "
        "its issue date.",
    )
    verification_code = fields.Char(tracking=True)
    verification_url = fields.Char(related="type_id.verification_url")
    code_checked_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        copy=False,
        help="Who checked the verification code on the issuer's site (for the URSSAF, that the "
        "attestation is authentic), before the document could be validated.",
    )
    code_checked_on = fields.Datetime(readonly=True, copy=False)
    file = fields.Binary(attachment=True, required=True)
    file_name = fields.Char()
    needs_french_translation = fields.Boolean(
        related="type_id.needs_french_translation", string="Needs a French Translation"
    )
    translation_file = fields.Binary(
        string="French Translation",
        attachment=True,
        help="The document's translation into French, when it is written in another language (D8222-8).",
    )
    translation_file_name = fields.Char()
    mimetype = fields.Char(compute="_compute_mimetype", store=True)
    state = fields.Selection(
        [
            ("pending", "To Validate"),
            ("valid", "Valid"),
            ("expiring", "Expiring"),
            ("expired", "Expired"),
            ("rejected", "Rejected"),
        ],
        default="pending",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
        copy=False,
    )
    review_state = fields.Selection(
        [("pending", "To Validate"), ("accepted", "Accepted"), ("rejected", "Rejected")],
        default="pending",
        required=True,
        readonly=True,
        copy=False,
    )
    reject_reason = fields.Text(readonly=True, copy=False)
    reviewed_by_id = fields.Many2one("res.users", string="Reviewer", readonly=True, copy=False)
    reviewed_on = fields.Datetime(readonly=True, copy=False)

    @api.depends("issue_date", "stated_expiry_date", "type_id.validity_months")
    def _compute_expiry_date(self):
        for doc in self:
            limit = (
                doc.issue_date
                and doc.type_id.validity_months
                and (doc.issue_date + relativedelta(months=doc.type_id.validity_months, days=-1))
            )
            ends = [day for day in (limit, doc.stated_expiry_date) if day]
            doc.expiry_date = min(ends) if ends else False

    @api.depends("file")
    def _compute_mimetype(self):
        for doc in self:
            doc.mimetype = guess_mimetype(base64.b64decode(doc.file or b"")) if doc.file else False

    @api.constrains("issue_date", "expiry_date")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for doc in self:
            if doc.issue_date > today:
                raise ValidationError(
                    self.env._(
                        "The issue date %(date)s of %(doc)s is in the future.",
                        date=doc.issue_date,
                        doc=doc.type_id.name,
                    )
                )
            if not doc.expiry_date:
                raise ValidationError(
                    self.env._("Enter the end date stated on the %(doc)s.", doc=doc.type_id.name)
                )
            if doc.expiry_date < doc.issue_date:
                raise ValidationError(
                    self.env._(
                        "The %(doc)s cannot end (%(end)s) before it was issued (%(issue)s).",
                        doc=doc.type_id.name,
                        end=doc.expiry_date,
                        issue=doc.issue_date,
                    )
                )

    @api.constrains("file", "translation_file")
    def _check_file(self):
        """The document and its translation: PDF, PNG or JPEG by their content, within the size."""
        max_mb = self._max_upload_mb()
        for doc in self:
            for data, name in ((doc.file, doc.file_name), (doc.translation_file, doc.translation_file_name)):
                if not data:
                    continue
                content = base64.b64decode(data)
                if len(content) > max_mb * 1024 * 1024:
                    raise ValidationError(
                        self.env._(
                            "The file %(name)s is larger than %(max)s MB.", name=name or "", max=max_mb
                        )
                    )
                mimetype = guess_mimetype(content)
                if mimetype not in ACCEPTED_MIMETYPES:
                    raise ValidationError(
                        self.env._(
                            "The file %(name)s is not a PDF, PNG or JPEG document (its content is %(type)s).",
                            name=name or "",
                            type=mimetype,
                        )
                    )

    @api.constrains("verification_code", "type_id")
    def _check_verification_code(self):
        for doc in self:
            doc_type = doc.type_id
            if not doc_type.needs_verification_code:
                continue
            if not doc.verification_code:
                raise ValidationError(
                    self.env._("The %(doc)s needs its verification code.", doc=doc_type.name)
                )
            pattern = doc_type.verification_code_pattern
            if pattern and not re.fullmatch(pattern, doc.verification_code):
                raise ValidationError(
                    self.env._(
                        "%(code)s is not the verification code of a %(doc)s: it reads %(pattern)s "
                        "(e.g. 15 letters and digits for the URSSAF security code).",
                        code=doc.verification_code,
                        doc=doc_type.name,
                        pattern=pattern,
                    )
                )

    @staticmethod
    def _normalize_code(code):
        """A code as typed ('abcd 1234 …') as the issuer prints it: no spaces, upper case."""
        return re.sub(r"\s+", "", code).upper() if isinstance(code, str) else code

    @api.model
    def _max_upload_mb(self):
        # sudo: system parameters are for Odoo administrators; portal contractors upload too
        param = self.env["ir.config_parameter"].sudo().get_param("esn_compliance.max_upload_mb")
        return int(param or DEFAULT_MAX_UPLOAD_MB)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # the end date a document states is its stated end date; its validity is computed
            if "expiry_date" in vals:
                vals.setdefault("stated_expiry_date", vals.pop("expiry_date"))
            vals.update(self._file_names(vals))
            if "verification_code" in vals:
                vals["verification_code"] = self._normalize_code(vals["verification_code"])
        documents = super().create(vals_list)
        documents._update_state()
        documents._flag_reused_codes()
        return documents

    def write(self, vals):
        if EVIDENCE_FIELDS & vals.keys() and not self._in_action():
            reviewed = self.filtered(lambda doc: doc.review_state != "pending")
            if reviewed:
                raise UserError(
                    self.env._(
                        "%(docs)s was already reviewed: what it says cannot change any more. "
                        "Upload a new document instead.",
                        docs=", ".join(reviewed.mapped("display_name")),
                    )
                )
        vals = {**vals, **self._file_names(vals)}
        if "verification_code" in vals:
            vals = {**vals, "verification_code": self._normalize_code(vals["verification_code"])}
            # a new code is checked again
            self.filtered("code_checked_on")._workflow_write(
                {"code_checked_by_id": False, "code_checked_on": False}
            )
        result = super().write(vals)
        if {"review_state", "issue_date", "stated_expiry_date", "type_id"} & vals.keys():
            self._update_state()
        if "verification_code" in vals:
            self._flag_reused_codes()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_unreviewed(self):
        reviewed = self.filtered(lambda doc: doc.review_state != "pending")
        if reviewed:
            raise UserError(
                self.env._(
                    "%(docs)s was reviewed: it is the proof of the obligation de vigilance and cannot be "
                    "deleted. Archive it instead.",
                    docs=", ".join(reviewed.mapped("display_name")),
                )
            )

    def _file_names(self, vals):
        """The names of the document's and its translation's files in `vals`, named from what they
        contain (the current name kept when only the content changes)."""
        names = {}
        for data, name in (("file", "file_name"), ("translation_file", "translation_file_name")):
            if vals.get(data):
                names[name] = self._file_name(vals.get(name) or self[:1][name], vals[data])
        return names

    @api.model
    def _file_name(self, name, content):
        """The file's name with the extension of what it contains (a PDF sent as evil.html is a .pdf)."""
        stem = os.path.splitext(os.path.basename(name or ""))[0] or "document"
        mimetype = guess_mimetype(base64.b64decode(content))
        return stem + ACCEPTED_MIMETYPES.get(mimetype, "")

    def _state_on(self, day):
        self.ensure_one()
        if self.review_state != "accepted":
            return self.review_state
        if self.expiry_date < day:
            return "expired"
        if self.expiry_date <= day + datetime.timedelta(days=self.type_id.reminder_days):
            return "expiring"
        return "valid"

    def _update_state(self, day=None):
        """Write the state each document has on `day` (today), one write per new state."""
        day = day or fields.Date.context_today(self)
        by_state = defaultdict(self.browse)
        for doc in self:
            state = doc._state_on(day)
            if state != doc.state:
                by_state[state] |= doc
        for state, documents in by_state.items():
            documents._workflow_write({"state": state})

    @api.model
    def _refresh_states(self):
        """Daily: move accepted documents to expiring / expired as their dates come, and back when
        an administrator lengthened their type's validity: every accepted document is read again."""
        self.search([("review_state", "=", "accepted")])._update_state(fields.Date.context_today(self))

    def action_check_code(self):
        """The reviewer states they checked the verification code on the issuer's site."""
        self._check_reviewer()
        self._lock_rows()
        without = self.filtered(lambda doc: not doc.type_id.needs_verification_code)
        if without:
            raise UserError(
                self.env._(
                    "%(docs)s carries no verification code to check.",
                    docs=", ".join(without.mapped("display_name")),
                )
            )
        self.filtered(lambda doc: not doc.code_checked_on)._workflow_write(
            {"code_checked_by_id": self.env.uid, "code_checked_on": fields.Datetime.now()}
        )
        for doc in self:
            doc.message_post(
                body=self.env._(
                    "Verification code %(code)s checked on %(site)s by %(user)s.",
                    code=doc.verification_code,
                    site=doc.verification_url or self.env._("the issuer's site"),
                    user=self.env.user.name,
                )
            )
        return True

    def _same_code_elsewhere(self):
        """{document: the documents of other contractors, archived ones included, with its code}, for the
        documents of self that carry a code already used elsewhere: one query for the whole batch."""
        with_code = self.filtered("verification_code")
        if not with_code:
            return {}
        # sudo: a code is looked for on every contractor's documents, which the uploader cannot read
        candidates = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch(
                [
                    ("verification_code", "in", list(set(with_code.mapped("verification_code")))),
                    ("type_id", "in", with_code.type_id.ids),
                ],
                ["verification_code", "type_id", "partner_id"],
            )
        )
        by_code = defaultdict(candidates.browse)
        for candidate in candidates:
            by_code[candidate.verification_code, candidate.type_id.id] |= candidate
        reused = {}
        for doc in with_code:
            contractor = doc.partner_id.commercial_partner_id
            others = by_code[doc.verification_code, doc.type_id.id].filtered(
                lambda other, contractor=contractor: other.partner_id.commercial_partner_id != contractor
            )
            if others:
                reused[doc] = others
        return reused

    def _flag_reused_codes(self):
        """Flagged at upload, for the reviewer: a code already on another contractor's document."""
        for doc, reused in self._same_code_elsewhere().items():
            doc.message_post(
                body=self.env._(
                    "Verification code %(code)s already on the document of %(others)s: this document "
                    "cannot be validated.",
                    code=doc.verification_code,
                    others=", ".join(reused.partner_id.commercial_partner_id.mapped("display_name")),
                )
            )

    def _ask_review(self):
        """An activity to review the uploaded documents, for their contractor's responsible (who is
        reminded of its missing documents too), else the administrator."""
        schedule_once(
            self,
            "esn_compliance.mail_activity_document_review",
            lambda doc: {
                "user_id": doc.partner_id.user_id.id,
                "date_deadline": fields.Date.context_today(doc),
                "summary": self.env._("Compliance document to review"),
            },
        )

    def action_validate(self):
        self._check_reviewer()
        self._lock_rows()
        to_validate = self.filtered(lambda doc: doc.review_state != "accepted")
        to_validate._check_validable()
        to_validate._workflow_write(
            {
                "review_state": "accepted",
                "reject_reason": False,
                "reviewed_by_id": self.env.uid,
                "reviewed_on": fields.Datetime.now(),
            }
        )
        self._close_review_activity()
        return True

    def _check_validable(self):
        """What the reviewer must have made sure of before a document is the proof of vigilance."""
        if copies := self._same_code_elsewhere():
            doc, reused = next(iter(copies.items()))
            raise UserError(
                self.env._(
                    "The verification code %(code)s of %(doc)s is already on the document of "
                    "%(others)s: a code identifies one attestation, this one is a copy. Ask %(partner)s "
                    "for its own.",
                    code=doc.verification_code,
                    doc=doc.display_name,
                    others=", ".join(reused.partner_id.commercial_partner_id.mapped("display_name")),
                    partner=doc.partner_id.display_name,
                )
            )
        for unfit, message in (
            (
                self.filtered(lambda doc: doc.type_id.needs_french_translation and not doc.translation_file),
                self.env._(
                    "Attach the French translation of %(docs)s before validating it (Code du travail "
                    "D8222-8), or the document itself when it is written in French."
                ),
            ),
            (
                self.filtered(lambda doc: doc.type_id.needs_verification_code and not doc.code_checked_on),
                self.env._(
                    "Check the verification code of %(docs)s on the issuer's site (Code Checked) before "
                    "validating it: an URSSAF attestation is authentic only once its code is checked."
                ),
            ),
        ):
            if unfit:
                raise UserError(message % {"docs": ", ".join(unfit.mapped("display_name"))})

    def action_reject(self, reason):
        self._check_reviewer()
        reason = clean_reason(self.env, reason, self.env._("Give the reason for rejecting the document."))
        self._lock_rows()
        self._workflow_write(
            {
                "review_state": "rejected",
                "reject_reason": reason,
                "reviewed_by_id": self.env.uid,
                "reviewed_on": fields.Datetime.now(),
            }
        )
        for doc in self:
            doc.message_post(
                body=self.env._("Document rejected: %(reason)s", reason=reason),
                partner_ids=doc.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        self._close_review_activity()
        return True

    def _close_review_activity(self):
        mark_done(self, "esn_compliance.mail_activity_document_review")

    def action_open_reject_wizard(self):
        return self.env["esn.reason.wizard"]._action_for(self, "action_reject", self.env._("Reject Document"))

    def _check_reviewer(self):
        if not self.env.user.has_group("esn_base.group_esn_user"):
            raise AccessError(self.env._("Only ESN back-office users can review compliance documents."))
        self.check_access("write")
