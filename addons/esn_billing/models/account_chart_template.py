from odoo import models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _load(self, template_code, company, install_demo, force_create=True):
        result = super()._load(template_code, company, install_demo, force_create=force_create)
        # the French chart may load after the suite: its service taxes reach the product then
        (company or self.env.company)._esn_setup_billing()
        return result
