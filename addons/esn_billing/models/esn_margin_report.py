from odoo import fields, models, tools
from odoo.tools import SQL


class EsnMarginReport(models.Model):
    """Revenue, cost and margin of each delivered activity report, in the company's currency.

    Revenue is what posted invoices and credit notes bill for the report (converted at their date),
    or the forecast before that: the declared days at the sell rate in force each day, and the
    on-call periods starting in the month at their amounts, converted at today's rate. Cost is what
    posted vendor bills and refunds bill, or the expected cost before that; a salaried consultant's
    cost is the buy rate in force (their internal daily cost) and their on-call allowances."""

    _name = "esn.margin.report"
    _inherit = ["esn.ratio.mixin"]
    _description = "Mission Margins"
    _auto = False
    _ratio_fields = {"margin_rate": ("margin", "revenue")}
    _order = "date desc, id desc"

    cra_id = fields.Many2one("esn.cra", string="Activity Report", readonly=True)
    mission_id = fields.Many2one("esn.mission", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    employee_id = fields.Many2one("hr.employee", string="Consultant", readonly=True)
    kind = fields.Selection(related="mission_id.kind")
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    month = fields.Char(readonly=True)
    date = fields.Date(string="Month Start", readonly=True)
    days = fields.Float(readonly=True)
    revenue = fields.Monetary(readonly=True)
    cost = fields.Monetary(readonly=True)
    margin = fields.Monetary(readonly=True)
    margin_rate = fields.Float(
        string="Margin Rate (%)", readonly=True, aggregator="avg", help="Margin over revenue, of the sums."
    )
    revenue_forecast = fields.Boolean(string="Not Invoiced Yet", readonly=True)
    cost_forecast = fields.Boolean(string="Cost Expected", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE VIEW %(table)s AS (
                WITH rates AS NOT MATERIALIZED (
                    -- today's rate of each currency for each company, as Odoo reads it: once per pair,
                    -- not per row (whose plan cost alone set off PostgreSQL's JIT). Not materialized, for
                    -- the planner to estimate its joins from the tables' statistics; OFFSET 0 keeps it a
                    -- table of its own rather than its rate's subquery copied into every expression
                    SELECT company.id AS company_id, currency.id AS currency_id,
                           COALESCE((SELECT r.rate FROM res_currency_rate r
                                      WHERE r.currency_id = currency.id
                                        AND (r.company_id = company.id OR r.company_id IS NULL)
                                        AND r.name <= CURRENT_DATE
                                      ORDER BY r.company_id IS NULL, r.name DESC LIMIT 1), 1.0) AS rate
                      FROM res_company company
                     CROSS JOIN res_currency currency
                    OFFSET 0
                ), on_call AS (
                    SELECT cra.id AS cra_id, SUM(period.sell_amount) AS revenue,
                           SUM(period.cost_amount) AS cost
                      FROM esn_cra cra
                      JOIN esn_mission_on_call_period period ON period.mission_id = cra.mission_id
                       AND period.date_start BETWEEN cra.date_from AND cra.date_to
                     GROUP BY cra.id
                ), billed AS (
                    SELECT aml.esn_cra_id AS cra_id,
                           SUM(-aml.balance) FILTER (WHERE am.move_type IN ('out_invoice', 'out_refund'))
                               AS revenue,
                           SUM(aml.balance) FILTER (WHERE am.move_type IN ('in_invoice', 'in_refund')) AS cost
                      FROM account_move_line aml
                      JOIN account_move am ON am.id = aml.move_id
                     WHERE am.state = 'posted' AND aml.display_type = 'product' AND aml.esn_cra_id IS NOT NULL
                     GROUP BY aml.esn_cra_id
                ), figures AS (
                    SELECT cra.id, cra.id AS cra_id, cra.mission_id, cra.partner_id, cra.employee_id,
                           cra.company_id, company.currency_id, cra.month, cra.date_from AS date,
                           cra.total_days AS days,
                           billed.revenue IS NULL AS revenue_forecast,
                           (billed.cost IS NULL AND mission.kind != 'employee') AS cost_forecast,
                           COALESCE(company_rate.rate, 1.0) / COALESCE(mission_rate.rate, 1.0) AS conversion,
                           cra.days_sell_amount + COALESCE(on_call.revenue, 0) AS forecast_revenue,
                           cra.days_buy_amount + COALESCE(on_call.cost, 0) AS forecast_cost,
                           billed.revenue AS billed_revenue, billed.cost AS billed_cost, mission.kind
                      FROM esn_cra cra
                      JOIN esn_mission mission ON mission.id = cra.mission_id
                      JOIN res_company company ON company.id = cra.company_id
                      -- left joins: an inner join's estimate of a few rows would make nested loops of
                      -- the queries that join the report
                      LEFT JOIN rates company_rate ON company_rate.company_id = cra.company_id
                                                  AND company_rate.currency_id = company.currency_id
                      LEFT JOIN rates mission_rate ON mission_rate.company_id = cra.company_id
                                                  AND mission_rate.currency_id = mission.currency_id
                      LEFT JOIN on_call ON on_call.cra_id = cra.id
                      LEFT JOIN billed ON billed.cra_id = cra.id
                     WHERE cra.delivered AND cra.total_days > 0
                )
                SELECT id, cra_id, mission_id, partner_id, employee_id, company_id, currency_id, month, date,
                       days, revenue_forecast, cost_forecast, revenue, cost, revenue - cost AS margin,
                       CASE WHEN revenue = 0 THEN 0 ELSE 100 * (revenue - cost) / revenue END AS margin_rate
                  FROM (
                    SELECT figures.*,
                           COALESCE(billed_revenue, forecast_revenue * conversion) AS revenue,
                           CASE WHEN kind = 'employee' THEN forecast_cost * conversion
                                ELSE COALESCE(billed_cost, forecast_cost * conversion) END AS cost
                      FROM figures
                  ) rows
            )
            """,
                table=SQL.identifier(self._table),
            )
        )
