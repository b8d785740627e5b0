from odoo import fields, models


class EsnConfigSettings(models.TransientModel):  # pylint: disable=no-wizard-in-models
    _inherit = "esn.config.settings"

    esn_pa_platform_id = fields.Many2one(related="company_id.esn_pa_platform_id", readonly=False)
    esn_pa_client_id = fields.Char(
        related="company_id.esn_pa_client_id",
        readonly=False,
        groups="base.group_system,esn_base.group_esn_admin",
    )
    esn_pa_client_secret = fields.Char(
        related="company_id.esn_pa_client_secret",
        readonly=False,
        groups="base.group_system,esn_base.group_esn_admin",
    )
    esn_pa_flow_syntax = fields.Selection(related="company_id.esn_pa_flow_syntax", readonly=False)
    esn_pa_routing_address = fields.Char(related="company_id.esn_pa_routing_address", readonly=False)
    esn_pa_vat_periodicity = fields.Selection(related="company_id.esn_pa_vat_periodicity", readonly=False)

    def action_esn_pa_healthcheck(self):
        return self.company_id.action_esn_pa_healthcheck()

    def action_esn_pa_sync(self):
        return self.company_id.action_esn_pa_sync()
