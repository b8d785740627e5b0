from odoo import fields, models


class EsnMission(models.Model):
    _inherit = "esn.mission"

    expense_rebill = fields.Boolean(
        string="Rebill expenses at cost",
        tracking=True,
        help="The consultant's approved expenses are billed to the client at cost, on the invoice of "
        "their activity report, with the VAT of the service.",
    )
