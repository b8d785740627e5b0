from odoo import models

from odoo.addons.account.models.chart_template import template

# the French chart's fiscal positions of EU clients, as the DES reads them: services billed to EU
# businesses are declared, those to EU private persons are not
INTRASTAT_POSITIONS = {
    "fiscal_position_template_intraeub2b": "b2b",
    "fiscal_position_template_intraeub2c": "b2c",
}


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    @template(model="account.fiscal.position")
    def _get_account_fiscal_position(self, template_code):
        positions = super()._get_account_fiscal_position(template_code=template_code)
        if template_code == "fr":
            for xmlid, intrastat in INTRASTAT_POSITIONS.items():
                if xmlid in positions:
                    positions[xmlid]["intrastat"] = intrastat
        return positions
