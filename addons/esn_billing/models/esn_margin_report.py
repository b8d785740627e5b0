from odoo import fields, models, tools


class EsnMarginReport(models.Model):
    """Revenue, cost and margin per mission and month: posted invoices and bills (actual), and
    validated activity reports not invoiced yet (forecast, at the mission's base rates). A row per
    activity report and source, so that ids are stable.

    The cost of a salaried consultant is the mission's buy rate (its internal daily cost)."""

    _name = "esn.margin.report"
    _description = "Mission Margins"
    _auto = False
    _order = "month desc"

    mission_id = fields.Many2one("esn.mission", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    employee_id = fields.Many2one("hr.employee", string="Consultant", readonly=True)
    kind = fields.Selection(related="mission_id.kind")
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    month = fields.Char(readonly=True)
    source = fields.Selection([("actual", "Invoiced"), ("forecast", "Forecast")], readonly=True)
    days = fields.Float(readonly=True)
    revenue = fields.Monetary(readonly=True)
    cost = fields.Monetary(readonly=True)
    margin = fields.Monetary(readonly=True)
    margin_rate = fields.Float(string="Margin Rate (%)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE VIEW {self._table} AS (
                SELECT rows.*,
                       rows.revenue - rows.cost AS margin,
                       CASE WHEN rows.revenue = 0 THEN 0
                            ELSE 100 * (rows.revenue - rows.cost) / rows.revenue END AS margin_rate
                  FROM (
                    SELECT 2 * cra.id AS id, cra.mission_id, cra.partner_id, cra.employee_id, cra.company_id,
                           cra.month, 'actual' AS source,
                           SUM(CASE WHEN am.move_type = 'out_invoice' THEN aml.quantity ELSE 0 END) AS days,
                           SUM(CASE WHEN am.move_type = 'out_invoice' THEN -aml.balance ELSE 0 END)
                               AS revenue,
                           SUM(CASE WHEN am.move_type = 'in_invoice' THEN aml.balance
                                    WHEN mission.kind = 'employee' THEN aml.quantity * mission.buy_rate
                                    ELSE 0 END) AS cost
                      FROM account_move_line aml
                      JOIN account_move am ON am.id = aml.move_id
                      JOIN esn_cra cra ON cra.id = aml.esn_cra_id
                      JOIN esn_mission mission ON mission.id = cra.mission_id
                     WHERE am.state = 'posted' AND am.payment_state != 'reversed'
                       AND aml.display_type = 'product'
                     GROUP BY cra.id
                    UNION ALL
                    SELECT 2 * cra.id + 1 AS id, cra.mission_id, cra.partner_id, cra.employee_id,
                           cra.company_id, cra.month, 'forecast' AS source, cra.total_days AS days,
                           cra.total_days * mission.sell_rate AS revenue,
                           cra.total_days * mission.buy_rate AS cost
                      FROM esn_cra cra
                      JOIN esn_mission mission ON mission.id = cra.mission_id
                     WHERE cra.state = 'validated' AND cra.client_state IN ('none', 'approved')
                ) rows
            )
            """
        )
