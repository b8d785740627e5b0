import datetime
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from odoo.addons.esn_base.activities import schedule_once

MISSION_KINDS = [
    ("employee", "Employee"),
    ("freelance", "Freelance"),
    ("portage", "Portage"),
    ("subcontractor", "Subcontractor"),
]
PORTAGE_MAX_MONTHS = 36
# what the ESN and the client or the contractor signed: changed by amendments only, once signed
CONTRACT_TERMS = frozenset({"currency_id", "sell_rate", "buy_rate", "on_call_sell_rate", "on_call_buy_rate"})
# who the contract binds: another client or consultant is another mission
CONTRACT_PARTIES = frozenset({"partner_id", "employee_id"})
VIGILANCE_INTERVAL_MONTHS = 6
RENEWAL_NOTICE_DAYS = 30


class EsnMission(models.Model):
    _name = "esn.mission"
    _description = "Mission"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin", "esn.workflow.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _workflow_fields = {
        "state": "action_activate / action_done / action_cancel / action_draft",
        "vigilance_next_check": "action_activate and the vigilance checks every 6 months",
    }

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    title = fields.Char(help="What the consultant does at the client, e.g. 'Odoo functional lead'.")
    work_address_id = fields.Many2one(
        "res.partner",
        string="Work Site",
        tracking=True,
        help="Where the consultant works: the local labour rules of the place apply (the public holidays "
        "of Alsace-Moselle). Empty: the client's address.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, tracking=True, index=True, check_company=True
    )
    employee_id = fields.Many2one(
        "hr.employee", string="Consultant", required=True, tracking=True, index=True, check_company=True
    )
    # taken from the consultant's contractor (employee form), fixed once the mission is active
    supplier_id = fields.Many2one(
        "res.partner",
        string="Contractor",
        compute="_compute_from_employee",
        store=True,
        tracking=True,
        help="Who bills the ESN for an external consultant: the contractor on the consultant's form.",
    )
    kind = fields.Selection(
        MISSION_KINDS,
        compute="_compute_from_employee",
        store=True,
        tracking=True,
        help="The kind of the consultant's contractor (employee without one).",
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
    on_call_sell_rate = fields.Monetary(
        string="On-Call Sell Rate",
        tracking=True,
        groups="esn_base.group_esn_user",
        help="Per day worked on call (an intervention), on a weekend or a public holiday. Empty: the sell "
        "rate. Being on call is compensated per period (On-Call Periods).",
    )
    on_call_buy_rate = fields.Monetary(
        string="On-Call Buy Rate",
        tracking=True,
        groups="esn_base.group_esn_manager",
        help="Per day worked on call (an intervention), on a weekend or a public holiday. Empty: the buy "
        "rate. Being on call is compensated per period (On-Call Periods).",
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
    on_call_period_ids = fields.One2many("esn.mission.on.call.period", "mission_id", string="On-Call Periods")
    client_contract_ids = fields.Many2many(
        "ir.attachment",
        "esn_mission_client_contract_rel",
        help="The client's contract or purchase order.",
    )
    supplier_contract_ids = fields.Many2many(
        "ir.attachment", "esn_mission_supplier_contract_rel", string="Subcontracting Contract"
    )
    ends_soon = fields.Boolean(compute="_compute_ends_soon", search="_search_ends_soon")
    vigilance_check_ids = fields.One2many(
        "esn.mission.vigilance.check", "mission_id", string="Vigilance Checks"
    )
    vigilance_next_check = fields.Date(
        string="Next Vigilance Check",
        readonly=True,
        copy=False,
        help="The contractor's documents are checked at signature, then every 6 months until the mission "
        "ends (Code du travail D8222-5), for contracts of the vigilance threshold or more.",
    )

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "A mission reference is unique per company."),
    ]

    @api.depends("employee_id.esn_supplier_id.esn_contractor_kind")
    def _compute_from_employee(self):
        for mission in self:
            if mission.state not in (False, "draft") and mission.kind:
                continue  # what was signed stays
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
        # a signed mission's buy rate changes by amendments only
        for mission in self.filtered(lambda mission: mission.state in (False, "draft")):
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
                        end=format_date(self.env, mission.date_end),
                        start=format_date(self.env, mission.date_start),
                    )
                )

    @api.constrains("date_start", "date_end", "kind", "employee_id", "partner_id", "state")
    def _check_portage_duration(self):
        """A portage engagement at a client lasts 36 months at most (L1254-4), counted from the first
        portage mission of the consultant at that client to the last: the law knows no break that
        starts it again."""
        for mission in self.filtered(lambda m: m.kind == "portage" and m.state != "cancelled"):
            chain = mission._portage_engagement()
            start, end = min(chain.mapped("date_start")), max(chain.mapped("date_end"))
            if end >= start + relativedelta(months=PORTAGE_MAX_MONTHS):
                raise ValidationError(
                    self.env._(
                        "A portage engagement lasts %(months)s months at most (L1254-4): %(consultant)s "
                        "would work at %(client)s from %(start)s to %(end)s (%(missions)s).",
                        months=PORTAGE_MAX_MONTHS,
                        consultant=mission.employee_id.name,
                        client=mission.partner_id.commercial_partner_id.name,
                        start=format_date(self.env, start),
                        end=format_date(self.env, end),
                        missions=", ".join(chain.sorted("date_start").mapped("name")),
                    )
                )

    def _portage_engagement(self):
        """This mission and the other portage missions of its consultant at its client."""
        self.ensure_one()
        # sudo: the consultant's portage missions at the client in every company, not only the user's
        return (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("employee_id", "=", self.employee_id.id),
                    ("partner_id", "child_of", self.partner_id.commercial_partner_id.id),
                    ("kind", "=", "portage"),
                    ("state", "!=", "cancelled"),
                ]
            )
        ) | self

    @api.constrains(
        "sell_rate",
        "buy_rate",
        "on_call_sell_rate",
        "on_call_buy_rate",
        "accept_negative_margin",
        "allocation",
        "ordered_days",
    )
    def _check_rates(self):
        # sudo: buy rates and the margin's acceptance are managers' (groups=): checked whoever edits
        for mission in self.sudo():
            if (
                min(mission.sell_rate, mission.buy_rate, mission.on_call_sell_rate, mission.on_call_buy_rate)
                < 0
            ):
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
        # sudo: the mission's vigilance checks, whoever deletes it
        checked = self.sudo().filtered("vigilance_check_ids")
        if checked:
            raise UserError(
                self.env._(
                    "%(missions)s keep the vigilance checks of their contractor, the proof an URSSAF "
                    "inspector asks for: they stay cancelled, not deleted.",
                    missions=", ".join(checked.mapped("name")),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code("esn.mission") or "/"
                )
        missions = super().create(vals_list)
        missions._flag_consultants()
        return missions

    def write(self, vals):
        self._check_contract_terms_unchanged(vals)
        result = super().write(vals)
        if "employee_id" in vals:
            self._flag_consultants()
        return result

    def _check_contract_terms_unchanged(self, vals):
        """The rates of a signed mission change only by an amendment, from the day it takes effect:
        changed on the mission, they would reprice the days already worked."""
        changed = (CONTRACT_TERMS | CONTRACT_PARTIES) & vals.keys()
        if not changed:
            return
        # sudo: compared before the ORM's field checks (buy rates are managers'), whoever writes
        for mission in self.sudo().filtered(lambda mission: mission.state != "draft"):
            for name in changed:
                current = mission._fields[name].convert_to_write(mission[name], mission)
                if (current or False) == (vals[name] or False):
                    continue
                label = mission._fields[name]._description_string(self.env)
                if name in CONTRACT_PARTIES:
                    raise UserError(
                        self.env._(
                            "%(field)s of mission %(mission)s is signed: cancel the mission and create "
                            "another.",
                            field=label,
                            mission=mission.name,
                        )
                    )
                raise UserError(
                    self.env._(
                        "%(field)s of mission %(mission)s changes only by an amendment once the mission "
                        "is signed.",
                        field=label,
                        mission=mission.name,
                    )
                )

    def _work_site(self):
        """Where the consultant works on this mission: its work site, else the client's address."""
        self.ensure_one()
        return self.work_address_id or self.partner_id

    def _flag_consultants(self):
        """Whoever a mission places is a consultant (ESN > Consultants); the ESN staff creating
        missions need not manage employees."""
        # sudo: ESN users write consultants only: the mission's employee becomes one here
        self.employee_id.sudo().filtered(lambda employee: not employee.esn_consultant).esn_consultant = True

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for mission in self:
            mission.access_url = f"/my/missions/{mission.id}"

    # ------------------------------------------------------------------ rates

    def _rates_on(self, day):
        """(sell rate, buy rate) in force on `day`, amendments included."""
        self.ensure_one()
        # sudo: the mission's and its amendments' rates: sell ESN staff's, buy managers' (groups=)
        sell, buy = self.sudo().sell_rate, self.sudo().buy_rate
        for amendment in self.amendment_ids.sudo().sorted("date_effective"):
            if amendment.date_effective > day:
                break
            sell = amendment.sell_rate or sell
            buy = amendment.buy_rate or buy
        return sell, buy

    def _on_call_rates_on(self, day):
        """(on-call sell rate, on-call buy rate) in force on `day`, amendments included."""
        self.ensure_one()
        # sudo: the mission's and its amendments' rates: sell ESN staff's, buy managers' (groups=)
        sell, buy = self.sudo().on_call_sell_rate, self.sudo().on_call_buy_rate
        for amendment in self.amendment_ids.sudo().sorted("date_effective"):
            if amendment.date_effective > day:
                break
            sell = amendment.on_call_sell_rate or sell
            buy = amendment.on_call_buy_rate or buy
        return sell, buy

    def _day_rates(self, day, on_call=False):
        """(sell rate, buy rate) of a day worked on `day`: the on-call rates in force for an on-call
        intervention, where the mission has them, else the rates in force."""
        sell, buy = self._rates_on(day)
        if on_call:
            on_call_sell, on_call_buy = self._on_call_rates_on(day)
            sell, buy = on_call_sell or sell, on_call_buy or buy
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
        for mission in self.filtered("supplier_id"):
            mission._check_vigilance(mission, "action_activate")
        self._workflow_write({"state": "active"})
        self.filtered("supplier_id")._log_vigilance_check("signature")
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
        booked_by_employee = defaultdict(list)
        for other in booked:
            booked_by_employee[other.employee_id].append(other.id)
        for mission in self:
            overlapping = self.browse(booked_by_employee[mission.employee_id]).filtered(
                lambda other, mission=mission: (
                    other != mission
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
                            day=format_date(self.env, day),
                            missions=", ".join(overlapping.mapped("name")),
                        )
                    )

    def _supplier_contract_amount(self):
        """The contract with the contractor, excl. VAT, amendments included (the vigilance threshold
        of R8222-1 applies to it): the mission's working days at its allocation, or the days ordered
        spread over them, each at the buy rate in force that day."""
        self.ensure_one()
        # sudo: the contract's amount is at the managers' buy rates, whoever activates or bills
        mission = self.sudo()
        periods = [
            (mission.employee_id._esn_working_days(start, end) * mission.allocation, buy)
            for start, end, _sell, buy in mission._rate_periods(mission.date_start, mission.date_end)
        ]
        working = sum(days for days, _buy in periods)
        if mission.ordered_days:
            if not working:
                return mission.currency_id.round(mission.ordered_days * periods[-1][1])
            periods = [(days * mission.ordered_days / working, buy) for days, buy in periods]
        return mission.currency_id.round(sum(days * buy for days, buy in periods))

    def _check_vigilance(self, record, method):
        """The obligation de vigilance before `record.method()`, one rule wherever it applies
        (mission activation, activity report validation, vendor bill posting): the contractors of
        these missions must be compliant when their contracts together reach the company's threshold."""
        # sudo: an accountant posting a contractor's bill reads no missions (rights checks use env.user)
        return self.sudo().supplier_id._esn_check_compliance(
            record, method, amount=lambda: sum(mission._supplier_contract_amount() for mission in self)
        )

    def _log_vigilance_check(self, trigger):
        """Record the check of the contractor's documents for the missions whose contract reaches
        the vigilance threshold, and plan the next one in 6 months."""
        today = fields.Date.context_today(self)
        override_reason = self.env.context.get("esn_compliance_override_reason")
        checks = []
        # sudo: the amounts are at the managers' buy rates; the next check is written whoever triggers it
        for mission in self.sudo():
            amount = mission._supplier_contract_amount()
            if amount < mission.company_id.esn_compliance_threshold:
                continue
            supplier = mission.supplier_id.commercial_partner_id
            checks.append(
                {
                    "mission_id": mission.id,
                    "partner_id": supplier.id,
                    "date": today,
                    "trigger": trigger,
                    "late": trigger == "signature" and today > mission.date_start,
                    "contract_amount": amount,
                    "compliant": supplier.esn_compliance_state != "non_compliant",
                    "issues": supplier.esn_compliance_issues or False,
                    "user_id": self.env.uid,
                    "override_reason": supplier.esn_compliance_state == "non_compliant" and override_reason,
                }
            )
            mission._workflow_write(
                {"vigilance_next_check": today + relativedelta(months=VIGILANCE_INTERVAL_MONTHS)}
            )
        # sudo: the checks are records nobody writes: ESN users only read them
        return self.env["esn.mission.vigilance.check"].sudo().create(checks)

    def _run_vigilance_checks(self, today):
        """Every 6 months until the mission ends: the contractor's documents are checked again; a
        non-compliant contractor puts an activity on the account manager."""
        due = self.search(
            [
                ("state", "=", "active"),
                ("supplier_id", "!=", False),
                ("vigilance_next_check", "<=", today),
                ("date_end", ">=", today),
            ]
        )
        checks = due._log_vigilance_check("periodic")
        failed = checks.filtered(lambda check: not check.compliant)
        schedule_once(
            failed.mission_id,
            "mail.mail_activity_data_warning",
            lambda mission: {
                "user_id": mission.user_id.id,
                "date_deadline": today,
                "summary": self.env._("Contractor not compliant at the 6-month check"),
                "note": self.env._(
                    "%(contractor)s: %(issues)s Ask for the missing documents (obligation de vigilance).",
                    contractor=mission.supplier_id.display_name,
                    issues=mission.supplier_id.esn_compliance_issues or "",
                ),
            },
        )
        return checks

    def _create_projects(self):
        """A timesheet project per mission, created in one batch for those without; a mission sold
        on a sale order bills through that order's line, as Odoo's project billing does."""
        missing = self.filtered(lambda m: not m.project_id)
        # sudo: whoever may activate the mission gets its project: ESN users need not manage projects
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
        self._run_vigilance_checks(today)
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
