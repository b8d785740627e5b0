from odoo import models

from .account_chart_template import INTRASTAT_POSITIONS


class ResCompany(models.Model):
    _inherit = "res.company"

    def _esn_flag_intrastat_positions(self):
        for company in self:
            for xmlid, intrastat in INTRASTAT_POSITIONS.items():
                position = company._esn_chart_ref(xmlid)
                if position:
                    position.intrastat = intrastat
