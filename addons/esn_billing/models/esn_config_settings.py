from odoo import fields, models


class EsnConfigSettings(models.TransientModel):  # pylint: disable=no-wizard-in-models
    _inherit = "esn.config.settings"

    esn_invoice_grouping = fields.Selection(related="company_id.esn_invoice_grouping", readonly=False)
    esn_vat_on_debits = fields.Boolean(related="company_id.esn_vat_on_debits", readonly=False)
    esn_foreign_buyer_without_id = fields.Boolean(
        related="company_id.esn_foreign_buyer_without_id", readonly=False
    )
