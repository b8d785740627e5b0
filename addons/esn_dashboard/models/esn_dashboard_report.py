from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.tools import SQL

# the dashboard looks back a year: older months are closed
MONTHS_BACK = 11
REPORT_STATES = [
    ("missing", "Missing"),
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("rejected", "Rejected"),
    ("awaiting_client", "Awaiting Client"),
    ("validated", "Ready to Invoice"),
    ("invoiced", "Invoiced"),
]


class EsnDashboardReport(models.Model):
    """One row per mission and month it runs (the last twelve months): its activity report's state,
    or 'missing' when the report was not generated, with the days and amounts of the month end."""

    _name = "esn.dashboard.report"
    _description = "Month End per Mission"
    _auto = False
    _order = "date desc, mission_id"

    mission_id = fields.Many2one("esn.mission", readonly=True)
    cra_id = fields.Many2one("esn.cra", string="Activity Report", readonly=True)
    employee_id = fields.Many2one("hr.employee", string="Consultant", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    user_id = fields.Many2one("res.users", string="Account Manager", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    month = fields.Char(readonly=True)
    date = fields.Date(string="Month Start", readonly=True)
    state = fields.Selection(REPORT_STATES, readonly=True)
    expected_days = fields.Float(
        readonly=True,
        help="The consultant's available days in the month, time off excluded, times the allocation.",
    )
    declared_days = fields.Float(readonly=True)
    amount_to_invoice = fields.Monetary(
        readonly=True, help="Validated days not invoiced yet, at the sell rates in force (company currency)."
    )
    margin = fields.Monetary(
        readonly=True,
        groups="esn_base.group_esn_manager",
        help="Invoiced or forecast revenue minus cost of the validated days (company currency).",
    )

    @property
    def _table_query(self):
        """A query rather than a view: its months end with today's, the application's date in the
        user's time zone (as every date the suite shows), not the database server's."""
        this_month = fields.Date.context_today(self).replace(day=1)
        return SQL(
            """
                WITH months AS (
                    SELECT day::date AS date, (day + INTERVAL '1 month - 1 day')::date AS date_to
                      FROM generate_series(%(first)s::date, %(last)s::date, INTERVAL '1 month') day
                ), slots AS (
                    SELECT mission.id AS mission_id, months.date
                      FROM esn_mission mission
                      JOIN months ON mission.date_start <= months.date_to AND mission.date_end >= months.date
                     WHERE mission.state IN ('active', 'done')
                     UNION
                    SELECT cra.mission_id, cra.date_from
                      FROM esn_cra cra
                     WHERE cra.date_from >= %(first)s
                )
                SELECT slots.mission_id::bigint * 100000 + EXTRACT(YEAR FROM slots.date)::int * 12
                           + EXTRACT(MONTH FROM slots.date)::int AS id,
                       slots.mission_id, cra.id AS cra_id, mission.employee_id, mission.partner_id,
                       mission.user_id, mission.team_id, mission.company_id, company.currency_id,
                       to_char(slots.date, 'YYYY-MM') AS month, slots.date,
                       CASE WHEN cra.id IS NULL THEN 'missing'
                            WHEN cra.state = 'validated' AND cra.client_state = 'pending'
                                THEN 'awaiting_client'
                            ELSE cra.state END AS state,
                       COALESCE(cra.available_days, 0) * mission.allocation AS expected_days,
                       COALESCE(cra.total_days, 0) AS declared_days,
                       CASE WHEN cra.delivered AND cra.state = 'validated'
                            THEN COALESCE(margin.revenue, 0) ELSE 0 END AS amount_to_invoice,
                       COALESCE(margin.margin, 0) AS margin
                  FROM slots
                  JOIN esn_mission mission ON mission.id = slots.mission_id
                  JOIN res_company company ON company.id = mission.company_id
                  LEFT JOIN esn_cra cra ON cra.mission_id = slots.mission_id
                                       AND cra.month = to_char(slots.date, 'YYYY-MM')
                  LEFT JOIN esn_margin_report margin ON margin.cra_id = cra.id
            """,
            first=this_month - relativedelta(months=MONTHS_BACK),
            last=this_month,
        )

    def action_open(self):
        """The report behind the row, or its mission when the report is missing."""
        self.ensure_one()
        record = self.cra_id or self.mission_id
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "views": [(False, "form")],
        }
