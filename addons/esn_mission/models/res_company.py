from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    esn_client_approval_default = fields.Boolean(
        string="Client Approval by Default",
        help="New missions require the client's approval of their activity reports.",
    )
