import datetime

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date

from .esn_dashboard_report import REPORT_STATES

ENDING_SOON_DAYS = (30, 60)
EXPIRING_SOON_DAYS = 30


class EsnDashboardMonth(models.Model):
    """The month-end tile of an account manager: their missions' reports per state, the days
    expected and declared, what is ready to invoice and the margin. The tile of the current month
    also carries what is coming: missions ending, compliance documents expiring, and for managers
    the company's TACE and the consultants without a mission next month."""

    _name = "esn.dashboard.month"
    _description = "Month End Dashboard"
    _auto = False
    _order = "date desc, user_id"

    user_id = fields.Many2one("res.users", string="Account Manager", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    month = fields.Char(readonly=True)
    month_label = fields.Char(string="Month Name", compute="_compute_month_label")
    date = fields.Date(string="Month Start", readonly=True)
    is_current = fields.Boolean(string="Current Month", compute="_compute_is_current")
    mission_count = fields.Integer(string="Missions", readonly=True)
    missing_count = fields.Integer(string="Missing", readonly=True)
    draft_count = fields.Integer(string="Draft", readonly=True)
    submitted_count = fields.Integer(string="Submitted", readonly=True)
    rejected_count = fields.Integer(string="Rejected", readonly=True)
    awaiting_client_count = fields.Integer(string="Awaiting Client", readonly=True)
    validated_count = fields.Integer(string="Ready to Invoice", readonly=True)
    invoiced_count = fields.Integer(string="Invoiced", readonly=True)
    expected_days = fields.Float(readonly=True)
    declared_days = fields.Float(readonly=True)
    amount_to_invoice = fields.Monetary(readonly=True)
    margin = fields.Monetary(readonly=True, groups="esn_base.group_esn_manager")
    ending_30_count = fields.Integer(string="Missions Ending Within 30 Days", compute="_compute_coming")
    ending_60_count = fields.Integer(string="Missions Ending Within 60 Days", compute="_compute_coming")
    expiring_document_count = fields.Integer(
        string="Documents Expiring Within 30 Days", compute="_compute_coming"
    )
    intercontract_count = fields.Integer(
        string="Intercontract Next Month",
        compute="_compute_occupation",
        groups="esn_base.group_esn_manager",
        help="Consultants of the company without an active mission next month.",
    )
    tace = fields.Float(
        string="TACE (%)",
        compute="_compute_occupation",
        groups="esn_base.group_esn_manager",
        help="The company's billed days over its salaried consultants' available days (time off excluded) "
        "this month.",
    )
    tace_all = fields.Float(
        string="TACE, All Consultants (%)",
        compute="_compute_occupation",
        groups="esn_base.group_esn_manager",
        help="The same ratio over every consultant, contractors' included.",
    )

    @property
    def _table_query(self):
        counts = SQL(", ").join(
            SQL("COUNT(*) FILTER (WHERE state = %s) AS %s", state, SQL.identifier(f"{state}_count"))
            for state, _label in REPORT_STATES
        )
        return SQL(
            """
                SELECT (EXTRACT(YEAR FROM date)::int * 12 + EXTRACT(MONTH FROM date)::int)::bigint
                           * 10000000000 + company_id::bigint * 1000000 + COALESCE(user_id, 0) AS id,
                       user_id, company_id, currency_id, month, date,
                       COUNT(*) AS mission_count, %(counts)s,
                       SUM(expected_days) AS expected_days, SUM(declared_days) AS declared_days,
                       SUM(amount_to_invoice) AS amount_to_invoice, SUM(margin) AS margin
                  FROM (%(reports)s) report
                 GROUP BY user_id, company_id, currency_id, month, date
            """,
            counts=counts,
            reports=self.env["esn.dashboard.report"]._table_query,
        )

    @api.depends_context("lang")
    @api.depends("date", "user_id")
    def _compute_display_name(self):
        # the breadcrumb of the lists a tile opens
        for tile in self:
            manager = tile.user_id.name or self.env._("No Account Manager")
            tile.display_name = f"{manager}, {tile.month_label}"

    @api.depends_context("lang")
    @api.depends("date")
    def _compute_month_label(self):
        for tile in self:
            tile.month_label = format_date(self.env, tile.date, date_format="MMMM yyyy") if tile.date else ""

    def _compute_is_current(self):
        this_month = fields.Date.context_today(self).replace(day=1)
        for tile in self:
            tile.is_current = tile.date == this_month

    def _compute_coming(self):
        today = fields.Date.context_today(self)
        for tile in self:
            if not tile.is_current:
                tile.ending_30_count = tile.ending_60_count = tile.expiring_document_count = 0
                continue
            Mission = self.env["esn.mission"]
            tile.ending_30_count = Mission.search_count(tile._ending_domain(today, 30))
            tile.ending_60_count = Mission.search_count(tile._ending_domain(today, 60))
            tile.expiring_document_count = self.env["esn.compliance.document"].search_count(
                tile._expiring_domain(today)
            )

    def _compute_occupation(self):
        Occupation = self.env["esn.dashboard.consultant"]
        for tile in self:
            next_month = tile.date + relativedelta(months=1)
            tile.intercontract_count = Occupation.search_count(
                [
                    ("company_id", "=", tile.company_id.id),
                    ("date", "=", next_month),
                    ("intercontract", "=", True),
                ]
            )
            month = [("company_id", "=", tile.company_id.id), ("date", "=", tile.date)]
            tile.tace = Occupation._tace(month)
            tile.tace_all = Occupation._tace(month, salaried=False)

    def _missions_domain(self):
        return [("user_id", "=", self.user_id.id), ("company_id", "=", self.company_id.id)]

    def _ending_domain(self, today, days):
        return [
            *self._missions_domain(),
            ("state", "=", "active"),
            ("date_end", ">=", today),
            ("date_end", "<=", today + datetime.timedelta(days=days)),
        ]

    def _expiring_domain(self, today):
        """Documents still valid that expire soon, of the contractors on the manager's missions."""
        missions = self.env["esn.mission"].search([*self._missions_domain(), ("state", "=", "active")])
        return [
            ("partner_id", "in", missions.supplier_id.ids),
            ("state", "in", ("valid", "expiring")),
            ("expiry_date", ">=", today),
            ("expiry_date", "<=", today + datetime.timedelta(days=EXPIRING_SOON_DAYS)),
        ]

    # ------------------------------------------------------------------ the tile's links

    def action_open_reports(self):
        """The missions' rows of the tile in the state of the context's `dashboard_state`, as
        activity reports (the missing ones as the rows of the missions without a report)."""
        self.ensure_one()
        state = self.env.context.get("dashboard_state")
        domain = [*self._missions_domain(), ("month", "=", self.month)]
        if state == "missing":
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Missing Activity Reports, %(month)s", month=self.month_label),
                "res_model": "esn.dashboard.report",
                "views": [(False, "list")],
                "domain": [*domain, ("state", "=", "missing")],
                "context": self._tile_context(),
            }
        if state:
            domain.append(("state", "=", state))
        rows = self.env["esn.dashboard.report"].search(domain)
        action = self.env["ir.actions.act_window"]._for_xml_id("esn_cra.action_esn_cras")
        action.update(
            name=self.env._("Activity Reports, %(month)s", month=self.month_label),
            domain=[("id", "in", rows.cra_id.ids)],
            context=self._tile_context(create=False),
        )
        return action

    @api.model
    def _tile_from_context(self):
        """The tile a server action of esn_dashboard_tile_actions runs on: the context's active id,
        which a reloaded page (F5) gives back without its model."""
        tile = self.browse(self.env.context.get("active_id")).exists()
        if not tile:
            raise UserError(self.env._("This month-end tile no longer exists: open the dashboard again."))
        return tile

    def _tile_context(self, **context):
        """The context of a list a tile opens: the tile as active id, which the URL keeps, so that
        reloading the list (F5) runs the tile's server action on it again (esn_dashboard_tile_actions)."""
        return {**context, "active_id": self.id}

    def action_open_ending_missions(self):
        self.ensure_one()
        days = int(self.env.context.get("dashboard_days") or ENDING_SOON_DAYS[-1])
        action = self.env["ir.actions.act_window"]._for_xml_id("esn_mission.action_esn_missions")
        action.update(
            name=self.env._("Missions Ending Within %(days)s Days", days=days),
            domain=self._ending_domain(fields.Date.context_today(self), days),
            context=self._tile_context(create=False),
        )
        return action

    def action_open_expiring_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "esn_compliance.action_esn_compliance_documents"
        )
        action.update(
            name=self.env._("Documents Expiring Within 30 Days"),
            domain=self._expiring_domain(fields.Date.context_today(self)),
            context=self._tile_context(create=False),
        )
        return action

    def action_open_intercontract(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("esn_dashboard.action_esn_intercontract")
        action["domain"] = [
            ("company_id", "=", self.company_id.id),
            ("date", "=", self.date + relativedelta(months=1)),
            ("intercontract", "=", True),
        ]
        action["context"] = self._tile_context()
        return action

    def action_open_tace(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("esn_dashboard.action_esn_tace")
        action["domain"] = [("company_id", "=", self.company_id.id), ("date", "=", self.date)]
        action["context"] = self._tile_context(search_default_salaried=1)
        return action

    def action_open_invoicing_run(self):
        """The month-end invoicing run on the tile's month."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("esn_billing.action_esn_month_end_invoicing")
        action["context"] = {"dialog_size": "extra-large", "default_month": self.month}
        return action

    @api.model
    def action_open_dashboard(self):
        """The ESN app's landing page: the month-end tiles; the occupation they show is refreshed."""
        Occupation = self.env["esn.dashboard.consultant"]
        if self.env.user.has_group("esn_base.group_esn_manager") and Occupation._refresh_due():
            # in the background: for thousands of consultants the working time takes seconds to read
            # sudo: scheduled actions are the Odoo administrators'
            self.env.ref("esn_dashboard.ir_cron_refresh_recent_occupation").sudo()._trigger()
        return self.env["ir.actions.act_window"]._for_xml_id("esn_dashboard.action_esn_dashboard_month")
