from stdnum.fr import siren, siret

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

CONTRACTOR_KINDS = [
    ("freelance", "Freelance"),
    ("portage", "Portage"),
    ("subcontractor", "Subcontractor"),
]
# what a contractor's invoices and self-billed invoices print of it: kept by the ESN, not its portal users
IDENTITY_FIELDS = frozenset(
    {"name", "company_name", "vat", "siret", "company_registry"}
    | {"street", "street2", "zip", "city", "state_id", "country_id"}
)


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "esn.restricted.fields.copy.mixin"]

    esn_contractor_kind = fields.Selection(
        CONTRACTOR_KINDS,
        string="Contractor Kind",
        tracking=True,
        index=True,
        help="Set on suppliers that provide consultants: freelancer, portage company or subcontractor.",
    )
    esn_siren = fields.Char(
        string="SIREN",
        size=9,
        compute="_compute_esn_siren",
        store=True,
        readonly=False,
        help="French company number (9 digits); deduced from the SIRET when there is one.",
    )
    esn_rate_currency_id = fields.Many2one(
        "res.currency",
        string="Rate Currency",
        default=lambda self: self.env.company.currency_id,
    )
    esn_daily_rate = fields.Monetary(
        string="Daily Rate (TJM)",
        currency_field="esn_rate_currency_id",
        tracking=True,
        groups="esn_base.group_esn_manager",
        help="Default daily buy rate of this contractor's consultants.",
    )
    esn_available_from = fields.Date(string="Available From", tracking=True)
    esn_consultant_ids = fields.One2many("hr.employee", "esn_supplier_id", string="Consultants")
    esn_consultant_count = fields.Integer(compute="_compute_esn_consultant_count", string="Consultant Count")
    esn_skill_ids = fields.Many2many(
        "hr.skill",
        compute="_compute_esn_skill_ids",
        string="Consultant Skills",
        help="Skills of its consultants.",
    )

    @api.depends("siret")
    def _compute_esn_siren(self):
        for partner in self:
            if partner.siret:
                partner.esn_siren = siret.compact(partner.siret)[:9]

    @api.depends("esn_consultant_ids")
    def _compute_esn_consultant_count(self):
        counts = dict(
            self.env["hr.employee"]._read_group(
                [("esn_supplier_id", "in", self.ids)], ["esn_supplier_id"], ["__count"]
            )
        )
        for partner in self:
            partner.esn_consultant_count = counts.get(partner, 0)

    @api.depends("esn_consultant_ids.skill_ids")
    def _compute_esn_skill_ids(self):
        for partner in self:
            # sudo: whoever reads the contractor sees its consultants' skills; employees are HR/ESN staff's
            partner.esn_skill_ids = partner.sudo().esn_consultant_ids.skill_ids

    @api.constrains("siret", "esn_siren")
    def _check_esn_company_numbers(self):
        for partner in self:
            if partner.siret and not siret.is_valid(partner.siret):
                raise ValidationError(
                    self.env._(
                        "SIRET %(number)s of %(partner)s is not valid.",
                        number=partner.siret,
                        partner=partner.display_name,
                    )
                )
            if partner.esn_siren and not siren.is_valid(partner.esn_siren):
                raise ValidationError(
                    self.env._(
                        "SIREN %(number)s of %(partner)s is not valid.",
                        number=partner.esn_siren,
                        partner=partner.display_name,
                    )
                )
            if (
                partner.siret
                and partner.esn_siren
                and not siret.compact(partner.siret).startswith(siren.compact(partner.esn_siren))
            ):
                raise ValidationError(
                    self.env._(
                        "SIRET %(siret)s does not belong to SIREN %(siren)s (%(partner)s).",
                        siret=partner.siret,
                        siren=partner.esn_siren,
                        partner=partner.display_name,
                    )
                )

    @api.constrains("esn_daily_rate")
    def _check_esn_daily_rate(self):
        for partner in self:
            if partner.esn_daily_rate < 0:
                raise ValidationError(
                    self.env._(
                        "The daily rate of %(partner)s cannot be negative (%(rate)s).",
                        partner=partner.display_name,
                        rate=partner.esn_daily_rate,
                    )
                )

    def write(self, vals):
        if self.env.user.share and IDENTITY_FIELDS & vals.keys():
            for partner in self._esn_contractor_identities() & self:
                for name in IDENTITY_FIELDS & vals.keys():
                    current = partner._fields[name].convert_to_write(partner[name], partner)
                    if (current or False) != (vals[name] or False):
                        raise AccessError(self._esn_identity_message())
        return super().write(vals)

    def can_edit_vat(self):
        return super().can_edit_vat() and not (self.env.user.share and self._esn_contractor_identities())

    def _esn_contractor_identities(self):
        """The contractors among these partners and their companies."""
        return (self | self.commercial_partner_id).filtered("esn_contractor_kind")

    def _esn_identity_message(self):
        return self.env._(
            "Your company's name, address and registration numbers are kept by the ESN: ask your account "
            "manager to change them."
        )

    def action_esn_view_consultants(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("esn_contractor.action_esn_consultants")
        action["domain"] = [("esn_supplier_id", "=", self.id)]
        action["context"] = {"default_esn_supplier_id": self.id, "default_employee_type": "contractor"}
        return action
