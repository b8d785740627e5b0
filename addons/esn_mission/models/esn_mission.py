import datetime

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.esn_base.activities import schedule_once
from odoo.addons.esn_base.calendar import working_days

MISSION_KINDS = [
    ("employee", "Employee"),
    ("freelance", "Freelance"),
    ("portage", "Portage"),
    ("subcontractor", "Subcontractor"),
]
PORTAGE_MAX_MONTHS = 36
RENEWAL_NOTICE_DAYS = 30


class EsnMission(models.Model):
    _name = "esn.mission"
    _description = "Mission"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin", "esn.workflow.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _workflow_fields = {"state": "action_activate / action_done / action_cancel / action_draft"}

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    title = fields.Char(help="What the consultant does at the client, e.g. 'Odoo functional lead'.")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, tracking=True, index=True, check_company=True
    )
    employee_id = fields.Many2one(
        "hr.employee", string="Consultant", required=True, tracking=True, index=True, check_company=True
    )
    supplier_id = fields.Many2one(
        "res.partner",
        string="Contractor",
        compute="_compute_from_employee",
        store=True,
        readonly=False,
        tracking=True,
        domain=[("esn_contractor_kind", "!=", False)],
        help="Who bills the ESN for an external consultant.",
    )
    kind = fields.Selection(
        MISSION_KINDS,
        compute="_compute_from_employee",
        store=True,
        readonly=False,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Account Manager", default=lambda self: self.env.user, tracking=True
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        check_company=True,
        tracking=True,
        help="Its members, like the account manager, manage the mission and its activity reports.",
    )
    date_start = fields.Date(string="Start Date", required=True, tracking=True)
    date_end = fields.Date(string="End Date", required=True, tracking=True)
    allocation = fields.Float(
        default=1.0,
        help="Share of the consultant's working days this mission takes (1 = full time, 0.5 = half time).",
    )
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id, tracking=True
    )
    sell_rate = fields.Monetary(tracking=True, groups="esn_base.group_esn_user")
    # buy rates and margins are the managers' business
    buy_rate = fields.Monetary(
        compute="_compute_buy_rate",
        store=True,
        readonly=False,
        tracking=True,
        groups="esn_base.group_esn_manager",
    )
    accept_negative_margin = fields.Boolean(
        help="Confirms on purpose a buy rate above the sell rate.", groups="esn_base.group_esn_manager"
    )
    current_sell_rate = fields.Monetary(compute="_compute_current_rates", groups="esn_base.group_esn_user")
    current_buy_rate = fields.Monetary(compute="_compute_current_rates", groups="esn_base.group_esn_manager")
    ordered_days = fields.Float(help="Days ordered by the client (optional budget).")
    client_po = fields.Char(
        string="Client PO", tracking=True, help="Client purchase order number, printed on invoices."
    )
    client_approval_required = fields.Boolean(
        default=lambda self: self.env.company.esn_client_approval_default,
        tracking=True,
        help="The client approves each activity report before it is invoiced.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    lead_id = fields.Many2one("crm.lead", string="Opportunity", index="btree_not_null", copy=False)
    sale_line_id = fields.Many2one(
        "sale.order.line", string="Sale Order Line", index="btree_not_null", copy=False
    )
    sale_order_id = fields.Many2one(related="sale_line_id.order_id")
    project_id = fields.Many2one("project.project", copy=False, check_company=True)
    amendment_ids = fields.One2many("esn.mission.amendment", "mission_id")
    client_contract_ids = fields.Many2many(
        "ir.attachment",
        "esn_mission_client_contract_rel",
        help="The client's contract or purchase order.",
    )
    supplier_contract_ids = fields.Many2many(
        "ir.attachment", "esn_mission_supplier_contract_rel", string="Subcontracting Contract"
    )
    ends_soon = fields.Boolean(compute="_compute_ends_soon", search="_search_ends_soon")

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "A mission reference is unique per company."),
    ]

    @api.depends("employee_id")
    def _compute_from_employee(self):
        for mission in self:
            supplier = mission.employee_id.esn_supplier_id
            mission.supplier_id = supplier
            mission.kind = supplier.esn_contractor_kind or "employee"

    @api.depends("user_id")
    def _compute_team_id(self):
        for mission in self:
            if not mission.team_id or mission.user_id not in mission.team_id.member_ids:
                mission.team_id = mission.user_id.sale_team_id

    @api.depends("employee_id")
    def _compute_buy_rate(self):
        for mission in self:
            mission.buy_rate = (
                mission.employee_id.esn_daily_cost or mission.employee_id.esn_supplier_id.esn_daily_rate
            )

    @api.depends("sell_rate", "buy_rate", "amendment_ids.date_effective")
    def _compute_current_rates(self):
        today = fields.Date.context_today(self)
        for mission in self:
            mission.current_sell_rate, mission.current_buy_rate = mission._rates_on(today)

    @api.depends("date_end", "state")
    def _compute_ends_soon(self):
        limit = fields.Date.context_today(self) + datetime.timedelta(days=RENEWAL_NOTICE_DAYS)
        for mission in self:
            mission.ends_soon = mission.state == "active" and mission.date_end <= limit

    def _search_ends_soon(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on 'ends soon'."))
        limit = fields.Date.context_today(self) + datetime.timedelta(days=RENEWAL_NOTICE_DAYS)
        domain = [("state", "=", "active"), ("date_end", "<=", limit)]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for mission in self:
            if mission.date_end < mission.date_start:
                raise ValidationError(
                    self.env._(
                        "Mission %(mission)s cannot end (%(end)s) before it starts (%(start)s).",
                        mission=mission.name,
                        end=mission.date_end,
                        start=mission.date_start,
                    )
                )
            if mission.kind == "portage" and mission.date_end >= mission.date_start + relativedelta(
                months=PORTAGE_MAX_MONTHS
            ):
                raise ValidationError(
                    self.env._(
                        "A portage mission lasts %(months)s months at most (%(mission)s ends on %(end)s).",
                        months=PORTAGE_MAX_MONTHS,
                        mission=mission.name,
                        end=mission.date_end,
                    )
                )

    @api.constrains("sell_rate", "buy_rate", "accept_negative_margin", "allocation", "ordered_days")
    def _check_rates(self):
        for mission in self.sudo():
            if mission.sell_rate < 0 or mission.buy_rate < 0:
                raise ValidationError(
                    self.env._(
                        "Rates of mission %(mission)s cannot be negative (sell %(sell)s, buy %(buy)s).",
                        mission=mission.name,
                        sell=mission.sell_rate,
                        buy=mission.buy_rate,
                    )
                )
            if mission.buy_rate > mission.sell_rate and not mission.accept_negative_margin:
                raise ValidationError(mission._negative_margin_message(mission.sell_rate, mission.buy_rate))
            if not 0 < mission.allocation <= 1:
                raise ValidationError(
                    self.env._(
                        "The allocation of mission %(mission)s must be above 0 and at most 1 (%(value)s).",
                        mission=mission.name,
                        value=mission.allocation,
                    )
                )
            if mission.ordered_days < 0:
                raise ValidationError(
                    self.env._(
                        "Ordered days of mission %(mission)s cannot be negative.", mission=mission.name
                    )
                )

    def _negative_margin_message(self, sell, buy):
        if not self.env.user.has_group("esn_base.group_esn_manager"):
            return self.env._(
                "The sell rate of mission %(mission)s is below its buy rate: ask an ESN manager to "
                "confirm the negative margin.",
                mission=self.name,
            )
        return self.env._(
            "The buy rate (%(buy)s) of mission %(mission)s is above its sell rate (%(sell)s): "
            "tick 'Accept Negative Margin' to confirm it.",
            buy=buy,
            sell=sell,
            mission=self.name,
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft_or_cancelled(self):
        if self.filtered(lambda mission: mission.state not in ("draft", "cancelled")):
            raise UserError(self.env._("Only draft or cancelled missions can be deleted: cancel it first."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code("esn.mission") or "/"
                )
        return super().create(vals_list)

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for mission in self:
            mission.access_url = f"/my/missions/{mission.id}"

    # ------------------------------------------------------------------ rates

    def _rates_on(self, day):
        """(sell rate, buy rate) in force on `day`, amendments included."""
        self.ensure_one()
        sell, buy = self.sudo().sell_rate, self.sudo().buy_rate
        for amendment in self.amendment_ids.sudo().sorted("date_effective"):
            if amendment.date_effective > day:
                break
            sell = amendment.sell_rate or sell
            buy = amendment.buy_rate or buy
        return sell, buy

    def _rate_periods(self, date_from, date_to):
        """[(first day, last day, sell rate, buy rate)] covering date_from..date_to, split where an
        amendment changes the rates."""
        self.ensure_one()
        changes = sorted(
            {date_from}
            | {a.date_effective for a in self.amendment_ids if date_from < a.date_effective <= date_to}
        )
        periods = []
        for index, start in enumerate(changes):
            end = changes[index + 1] - datetime.timedelta(days=1) if index + 1 < len(changes) else date_to
            periods.append((start, end, *self._rates_on(start)))
        return periods

    # ------------------------------------------------------------------ workflow

    def action_activate(self):
        self._start_transition()
        for mission in self:
            if mission.state != "draft":
                raise UserError(
                    self.env._(
                        "Only draft missions can be activated (%(mission)s is %(state)s).",
                        mission=mission.name,
                        state=mission._state_label(),
                    )
                )
            if mission.kind != "employee" and not mission.supplier_id:
                raise UserError(
                    self.env._(
                        "External mission %(mission)s needs the contractor who bills it.",
                        mission=mission.name,
                    )
                )
        self._check_no_double_booking()
        for mission in self:
            if mission.supplier_id:
                mission.supplier_id._esn_check_compliance(
                    mission, "action_activate", amount=mission._supplier_contract_amount()
                )
        self._workflow_write({"state": "active"})
        self._create_projects()
        return True

    def action_done(self):
        self._start_transition()
        if self.filtered(lambda m: m.state != "active"):
            raise UserError(self.env._("Only active missions can be marked as done."))
        self._workflow_write({"state": "done"})
        return True

    def action_cancel(self):
        self._start_transition()
        if self.filtered(lambda m: m.state == "done"):
            raise UserError(self.env._("A finished mission cannot be cancelled."))
        self._workflow_write({"state": "cancelled"})
        return True

    def action_draft(self):
        self._start_transition()
        if self.filtered(lambda m: m.state != "cancelled"):
            raise UserError(self.env._("Only cancelled missions can be reset to draft."))
        self._workflow_write({"state": "draft"})
        return True

    def _start_transition(self):
        """Who may move these missions, then one transition at a time on each of them."""
        self.check_access("write")
        self._lock_rows()

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _check_no_double_booking(self):
        """Each consultant works at most one day per day across their active missions and the
        missions of self (activated together): one search for the whole batch."""
        booked = self | self.search(
            [
                ("employee_id", "in", self.employee_id.ids),
                ("state", "=", "active"),
                ("id", "not in", self.ids),
            ]
        )
        for mission in self:
            overlapping = booked.filtered(
                lambda other, mission=mission: (
                    other != mission
                    and other.employee_id == mission.employee_id
                    and other.date_start <= mission.date_end
                    and other.date_end >= mission.date_start
                )
            )
            events = []
            for other in overlapping | mission:
                events.append((max(other.date_start, mission.date_start), other.allocation))
                events.append(
                    (min(other.date_end, mission.date_end) + datetime.timedelta(days=1), -other.allocation)
                )
            load = 0.0
            for day, change in sorted(events):
                load += change
                if load > 1.0 + 1e-6:
                    raise ValidationError(
                        self.env._(
                            "%(consultant)s would work more than one day per day from %(day)s: "
                            "already on %(missions)s.",
                            consultant=mission.employee_id.name,
                            day=day,
                            missions=", ".join(overlapping.mapped("name")),
                        )
                    )

    def _supplier_contract_amount(self):
        """Estimated amount excl. VAT of the contract with the contractor (vigilance threshold)."""
        self.ensure_one()
        days = self.ordered_days or len(working_days(self.date_start, self.date_end)) * self.allocation
        return days * self.sudo().buy_rate

    def _create_projects(self):
        """A timesheet project per mission, created in one batch for those without; a mission sold
        on a sale order bills through that order's line, as Odoo's project billing does."""
        missing = self.filtered(lambda m: not m.project_id)
        # whoever may activate the mission gets its project: ESN users need not manage projects
        projects = (
            self.env["project.project"]
            .sudo()
            .create(
                [
                    {
                        "name": f"{mission.name} - {mission.partner_id.display_name}",
                        "partner_id": mission.partner_id.id,
                        "company_id": mission.company_id.id,
                        "allow_timesheets": True,
                        "privacy_visibility": "employees",
                        "allow_billable": bool(mission.sale_line_id),
                        "sale_line_id": mission.sale_line_id.id,
                    }
                    for mission in missing
                ]
            )
        )
        for mission, project in zip(missing, projects, strict=True):
            mission.project_id = project

    @api.model
    def _cron_daily(self):
        """Close ended missions; warn account managers RENEWAL_NOTICE_DAYS before a mission ends."""
        today = fields.Date.context_today(self)
        self.search([("state", "=", "active"), ("date_end", "<", today)]).action_done()
        ending = self.search([("ends_soon", "=", True)])
        schedule_once(
            ending,
            "esn_mission.mail_activity_mission_renewal",
            lambda mission: {
                "user_id": mission.user_id.id,
                "date_deadline": mission.date_end - datetime.timedelta(days=15),
                "summary": self.env._("Mission ends on %(date)s: renew or close", date=mission.date_end),
            },
        )

    def action_view_sale_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.sale_order_id.id,
            "view_mode": "form",
        }

    def action_view_lead(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": self.lead_id.id,
            "view_mode": "form",
        }
