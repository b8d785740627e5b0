from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    esn_accrued_revenue_account_id = fields.Many2one(
        "account.account",
        string="Accrued Revenue Account",
        check_company=True,
        help="Revenue earned but not invoiced at month end (factures à établir): the chart's 418100 "
        "when empty.",
    )
    esn_accrued_cost_account_id = fields.Many2one(
        "account.account",
        string="Accrued Costs Account",
        check_company=True,
        help="Contractors' days not yet billed at month end (factures non parvenues): the chart's "
        "408100 when empty.",
    )

    def _esn_accrual_accounts(self):
        """(accrued revenue account, accrued costs account) of the company."""
        self.ensure_one()
        chart = self.env["account.chart.template"].with_company(self)
        return (
            self.esn_accrued_revenue_account_id or chart.ref("pcg_4181", raise_if_not_found=False),
            self.esn_accrued_cost_account_id or chart.ref("pcg_4081", raise_if_not_found=False),
        )
