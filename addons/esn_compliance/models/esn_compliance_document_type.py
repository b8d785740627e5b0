from odoo import api, fields, models
from odoo.exceptions import ValidationError

# what decides which contractors owe a type of document
REQUIREMENT_FIELDS = frozenset(
    {"active", "legal_requirement", "establishment", "required_freelance", "required_portage"}
    | {"required_subcontractor"}
)


class EsnComplianceDocumentType(models.Model):
    _name = "esn.compliance.document.type"
    _description = "Compliance Document Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True, help="Stable technical code used by integrations, e.g. urssaf_vigilance."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Html(translate=True)
    validity_months = fields.Integer(
        string="Validity (months)",
        help="Months a document stays valid from its issue date. "
        "0: the document states its own end date, which must be entered.",
    )
    reminder_days = fields.Integer(
        string="Reminder Window (days)",
        default=30,
        help="A document is 'expiring' this many days before its end date; reminders start then.",
    )
    needs_verification_code = fields.Boolean(
        string="Verification Code",
        help="The document carries a code to verify on the issuer's site (URSSAF security code).",
    )
    verification_code_pattern = fields.Char(
        help="Regular expression the whole code matches once spaces are removed and letters upper-cased, "
        "e.g. [A-Z0-9]{15} for the URSSAF security code.",
    )
    verification_url = fields.Char(string="Verification Site", help="Where the code is checked.")
    required_freelance = fields.Boolean(string="Required for Freelancers")
    required_portage = fields.Boolean(string="Required for Portage")
    required_subcontractor = fields.Boolean(string="Required for Subcontractors")
    legal_requirement = fields.Boolean(
        string="Required by Law",
        default=True,
        help="A document of the obligation de vigilance: missing or expired, the contractor is not "
        "compliant. Unchecked, a contractual document (RC Pro): missing or expired, it warns only.",
    )
    establishment = fields.Selection(
        [("france", "In France"), ("abroad", "Abroad"), ("any", "In France or Abroad")],
        string="Required of Contractors Established",
        required=True,
        default="france",
        help="The vigilance documents differ for a contractor established abroad (Code du travail D8222-7).",
    )
    needs_french_translation = fields.Boolean(
        string="French Translation",
        help="A document in a foreign language comes with its French translation (D8222-8).",
    )

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a compliance document type must be unique."),
    ]

    @api.constrains("validity_months", "reminder_days")
    def _check_durations(self):
        for doc_type in self:
            if doc_type.validity_months < 0 or doc_type.reminder_days < 0:
                raise ValidationError(
                    self.env._("Durations of %(type)s cannot be negative.", type=doc_type.name)
                )

    @api.model
    def _active_types(self):
        """Every active document type: a handful of records, read once per batch."""
        return self.search([("active", "=", True)])

    def _required_for(self, partner):
        """The types of self required of the contractor `partner`: by its kind (freelance, portage,
        subcontractor) and where it is established."""
        kind = partner.commercial_partner_id.esn_contractor_kind
        where = "abroad" if partner._esn_established_abroad() else "france"
        return self.filtered(
            lambda doc_type: (
                kind and doc_type[f"required_{kind}"] and doc_type.establishment in (where, "any")
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        types = super().create(vals_list)
        self._recompute_contractors()
        return types

    def write(self, vals):
        result = super().write(vals)
        if {"validity_months", "reminder_days"} & vals.keys():
            # the documents' end dates follow the type's validity: their states at once
            # sudo: a type's validity changes the documents of every company, not only the administrator's
            self.env["esn.compliance.document"].sudo().search(
                [("type_id", "in", self.ids), ("review_state", "=", "accepted")]
            )._update_state()
        if REQUIREMENT_FIELDS & vals.keys():
            self._recompute_contractors()
        return result

    def _recompute_contractors(self):
        partners = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search([("esn_contractor_kind", "!=", False)])
        )
        partners._esn_recompute_compliance()
