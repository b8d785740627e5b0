import base64
import io
import os
import re
import zipfile
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, RedirectWarning, UserError
from odoo.tools import format_date, format_datetime

# France and its overseas departments, which Odoo lists as countries
FRENCH_COUNTRY_CODES = frozenset({"FR", "GP", "MQ", "GF", "RE", "YT"})
# work already done, owed whatever the contractor's documents: its validation and its payment
ACKNOWLEDGED_METHODS = frozenset({"action_validate", "action_post"})
# the actions the guard (_esn_check_compliance) blocks, by the model that carries them: all the override
# wizard runs again. esn_mission activates a mission, esn_cra validates an activity report, esn_billing
# posts a contractor's bill; an amendment is overridden with its reason, the month end only reports.
OVERRIDABLE_METHODS = {
    "esn.mission": frozenset({"action_activate"}),
    "esn.cra": frozenset({"action_validate"}),
    "account.move": frozenset({"action_post"}),
}
# the vigilance dossier: its index at the top of the zip, the files under a folder; the zip is an
# attachment its exporter only reads (no record), removed after a day
DOSSIER_INDEX = "00_index"
DOSSIER_FOLDER = "documents"
DOSSIER_ATTACHMENT = "esn_compliance.vigilance_dossier"
COMPLIANCE_STATES = [
    ("compliant", "Compliant"),
    ("expiring", "Expiring"),
    ("non_compliant", "Non-compliant"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    esn_compliance_document_ids = fields.One2many(
        "esn.compliance.document", "partner_id", string="Compliance Documents"
    )
    esn_compliance_state = fields.Selection(
        COMPLIANCE_STATES,
        string="Compliance",
        compute="_compute_esn_compliance",
        store=True,
        index=True,
        help="Whether the contractor holds a current document of every required type.",
    )
    esn_compliance_issue_type_ids = fields.Many2many(
        "esn.compliance.document.type",
        "res_partner_esn_compliance_issue_rel",
        string="Missing or Expired",
        compute="_compute_esn_compliance",
        store=True,
    )
    esn_compliance_next_expiry = fields.Date(
        string="Next Expiry", compute="_compute_esn_compliance", store=True
    )
    esn_compliance_issues = fields.Text(string="Compliance Issues", compute="_compute_esn_compliance_issues")

    @api.depends(
        "esn_contractor_kind",
        "country_id",
        "esn_compliance_document_ids.active",
        "esn_compliance_document_ids.state",
        "esn_compliance_document_ids.expiry_date",
        "esn_compliance_document_ids.type_id",
    )
    def _compute_esn_compliance(self):
        types = self.env["esn.compliance.document.type"]._active_types()
        for partner in self:
            status = partner._esn_compliance_status(types)
            partner.esn_compliance_state = partner._esn_state_from_status(status)
            partner.esn_compliance_issue_type_ids = types.filtered(
                lambda doc_type, status=status: status.get(doc_type, ("valid",))[0] in ("missing", "expired")
            )
            current = [doc.expiry_date for _reason, doc in status.values() if doc and doc.state != "expired"]
            partner.esn_compliance_next_expiry = min(current) if current else False

    @api.depends_context("lang")
    @api.depends("esn_compliance_state")
    def _compute_esn_compliance_issues(self):
        types = self.env["esn.compliance.document.type"]._active_types()
        for partner in self:
            partner.esn_compliance_issues = "\n".join(
                partner._esn_issue_label(doc_type, reason, doc)
                for doc_type, (reason, doc) in partner._esn_compliance_status(types).items()
                if reason != "valid"
            )

    def _esn_compliance_status(self, types):
        """{required type: (reason, current document)} where reason is valid / expiring / expired / missing.

        The current document of a type is the accepted one that lasts the longest."""
        self.ensure_one()
        status = {}
        for doc_type in types._required_for(self):
            accepted = self.esn_compliance_document_ids.filtered(
                lambda doc, doc_type=doc_type: (
                    doc.type_id == doc_type and doc.state in ("valid", "expiring", "expired")
                )
            ).sorted("expiry_date", reverse=True)
            current = accepted[:1]
            status[doc_type] = (current.state if current else "missing", current)
        return status

    def _esn_established_abroad(self):
        """Whether the contractor is established outside France (its overseas departments included)."""
        country = self.commercial_partner_id.country_id
        return bool(country) and country.code not in FRENCH_COUNTRY_CODES

    @staticmethod
    def _esn_state_from_status(status):
        """Non-compliant when a document the law asks for is missing or expired; a contractual one
        (RC Pro) missing or expired only warns, as one about to expire does."""
        if not status:
            return False
        reasons = {reason for reason, _doc in status.values()}
        lapsed = {doc_type for doc_type, (reason, _doc) in status.items() if reason in ("missing", "expired")}
        if any(doc_type.legal_requirement for doc_type in lapsed):
            return "non_compliant"
        return "expiring" if lapsed or "expiring" in reasons else "compliant"

    def _esn_issue_label(self, doc_type, reason, doc):
        if reason == "missing":
            return self.env._("%(type)s: missing", type=doc_type.name)
        if reason == "expired":
            return self.env._(
                "%(type)s: expired on %(date)s",
                type=doc_type.name,
                date=format_date(self.env, doc.expiry_date),
            )
        return self.env._(
            "%(type)s: expires on %(date)s", type=doc_type.name, date=format_date(self.env, doc.expiry_date)
        )

    def _esn_recompute_compliance(self):
        for fname in ("esn_compliance_state", "esn_compliance_issue_type_ids", "esn_compliance_next_expiry"):
            self.env.add_to_compute(self._fields[fname], self)

    def action_esn_view_compliance_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "esn_compliance.action_esn_compliance_documents"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def _esn_vigilance_dossier(self):
        """What the vigilance dossier of the contractor holds, read with the user's rights: its documents,
        archived ones included (they are proofs), each with the names of its files in the zip, and the
        checks recorded for it. For the ESN back office only: portal users see their documents on the
        portal, not the reviews."""
        self.ensure_one()
        if not self.env.user.has_group("esn_base.group_esn_user"):
            raise AccessError(self.env._("Only ESN back-office users can export a vigilance dossier."))
        contractor = self.commercial_partner_id
        contractor.check_access("read")
        documents = (
            self.env["esn.compliance.document"]
            .with_context(active_test=False)
            .search([("partner_id", "child_of", contractor.id)], order="type_id, issue_date desc, id desc")
        )
        entries = []
        for number, doc in enumerate(documents, start=1):
            stem = f"{DOSSIER_FOLDER}/{number:02d}_{_esn_file_part(doc.type_code)}_{doc.issue_date}"
            entries.append(
                {
                    "document": doc,
                    "file": f"{stem}_{_esn_file_part(doc.file_name or 'document')}",
                    "translation": doc.translation_file
                    and f"{stem}_translation_" + _esn_file_part(doc.translation_file_name),
                }
            )
        return {"contractor": contractor, "documents": entries, "checks": contractor._esn_vigilance_checks()}

    def _esn_vigilance_checks(self):
        """The checks of the contractor's documents recorded for its contracts, oldest first, for its
        vigilance dossier: dicts of date, subject (what was checked, e.g. a mission), trigger, compliant,
        issues, user (who checked), late (after the contract started), override and reason (the decision
        taken on a non-compliant contractor and why). The modules that check add theirs (esn_mission:
        at signature and every 6 months); each document's code check is in the documents' table."""
        self.ensure_one()
        return []

    def action_esn_vigilance_dossier(self):
        """The contractor's vigilance dossier for an inspection, as a zip to download: the index (a PDF
        of its identity, documents, reviews and checks) and every document with its French translation.
        The export is logged in the contractor's chatter."""
        self.ensure_one()
        dossier = self._esn_vigilance_dossier()
        contractor = dossier["contractor"]
        index, index_format = self.env["ir.actions.report"]._render_qweb_pdf(
            "esn_compliance.action_report_vigilance_dossier", contractor.ids
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{DOSSIER_INDEX}.{index_format}", index)
            for entry in dossier["documents"]:
                doc = entry["document"]
                archive.writestr(entry["file"], base64.b64decode(doc.file))
                if entry["translation"]:
                    archive.writestr(entry["translation"], base64.b64decode(doc.translation_file))
        now = fields.Datetime.now()
        name = self.env._(
            "Vigilance Dossier %(contractor)s %(date)s.zip",
            contractor=re.sub(r'[/\\:*?"<>|]+', "-", contractor.name or ""),
            date=fields.Date.context_today(self),
        )
        # linked to no record: only its exporter (and Odoo's administrators) can download it
        attachment = self.env["ir.attachment"].create(
            {
                "name": name,
                "raw": buffer.getvalue(),
                "mimetype": "application/zip",
                "res_model": False,
                "res_id": False,
                "description": DOSSIER_ATTACHMENT,
            }
        )
        # sudo: the export is logged in the chatter of a contractor the ESN user may only read
        contractor.sudo().message_post(
            body=self.env._(
                "Vigilance dossier exported by %(user)s on %(date)s: %(count)s documents.",
                user=self.env.user.name,
                date=format_datetime(self.env, now),
                count=len(dossier["documents"]),
            ),
            author_id=self.env.user.partner_id.id,
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    @api.autovacuum
    def _gc_esn_vigilance_dossiers(self):
        """The dossiers downloaded more than a day ago: each export renders its own."""
        # sudo: the dossiers are attachments of their exporters, which no one else may read
        self.env["ir.attachment"].sudo().search(
            [
                ("description", "=", DOSSIER_ATTACHMENT),
                ("res_model", "=", False),
                # the clock create_date is written with
                ("create_date", "<", self.env.cr.now() - timedelta(days=1)),
            ]
        ).unlink()

    def _esn_check_compliance(self, record, method, amount=None):
        """The obligation de vigilance, enforced before `record.method()` for the contractors in self.

        A new commitment (mission activation, an amendment) with a non-compliant contractor is
        blocked or, per the company setting, only warned about in the record's chatter; an ESN
        manager may override a block with a reason (context key ``esn_compliance_override_reason``),
        logged in the chatter. Work already done (validating its activity report, posting its bill:
        ACKNOWLEDGED_METHODS) is owed whatever the documents, the sanction being joint liability
        (L8222-2): whoever may do it goes on once they record their decision, a reason, instead.
        Below the company's vigilance threshold (`amount`, excl. VAT, or a function returning it,
        called only when a contractor is not compliant), nothing is enforced."""
        offenders = self.commercial_partner_id.filtered(lambda p: p.esn_compliance_state == "non_compliant")
        if not offenders:
            return True
        company = record.company_id or self.env.company
        amount = amount() if callable(amount) else amount
        if amount is not None and amount < company.esn_compliance_threshold:
            return True
        issues = "\n".join(f"- {p.display_name}: {p.esn_compliance_issues}" for p in offenders)
        acknowledged = method in ACKNOWLEDGED_METHODS
        reason = self.env.context.get("esn_compliance_override_reason")
        if reason:
            if not acknowledged and not self.env.user.has_group("esn_base.group_esn_manager"):
                raise AccessError(self.env._("Only ESN managers can override the compliance check."))
            record.message_post(
                body=self.env._(
                    "Compliance check overridden by %(user)s: %(reason)s\n%(issues)s",
                    user=self.env.user.name,
                    reason=reason,
                    issues=issues,
                )
            )
            return True
        if company.esn_compliance_enforcement == "warn":
            record.message_post(
                body=self.env._(
                    "Warning: non-compliant contractor (obligation de vigilance).\n%(issues)s", issues=issues
                )
            )
            return True
        if acknowledged:
            raise RedirectWarning(
                self.env._(
                    "%(record)s bills work already done for a contractor that is not compliant (obligation "
                    "de vigilance): record why you go on.\n%(issues)s",
                    record=record.display_name,
                    issues=issues,
                ),
                self.env.ref("esn_compliance.action_esn_compliance_override").id,
                self.env._("Record my decision"),
                {"default_res_model": record._name, "default_res_id": record.id, "default_method": method},
            )
        message = self.env._(
            "%(record)s cannot go on: the contractor is not compliant (obligation de vigilance).\n%(issues)s",
            record=record.display_name,
            issues=issues,
        )
        if not self.env.user.has_group("esn_base.group_esn_manager"):
            raise UserError(message + "\n" + self.env._("Ask an ESN manager to override it."))
        if not method.startswith("action_"):
            # nothing the override wizard can run again (an amendment being created): the manager
            # overrides by giving the reason with the change
            raise UserError(message)
        raise RedirectWarning(
            message,
            self.env.ref("esn_compliance.action_esn_compliance_override").id,
            self.env._("Override with a reason"),
            {"default_res_model": record._name, "default_res_id": record.id, "default_method": method},
        )


def _esn_file_part(name):
    """A name fit for a path in the zip: no folder, nothing but letters, digits, dots, dashes."""
    return re.sub(r"[^\w.-]+", "_", os.path.basename(name or "")).strip("._") or "file"
