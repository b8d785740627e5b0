from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

from .esn_cra import days_between

ALLOWED_QUANTITIES = (0.0, 0.5, 1.0)
DAY_KINDS = [
    ("working", "Working Day"),
    ("weekend", "Weekend"),
    ("public_holiday", "Public Holiday"),
    ("not_scheduled", "Not in the Working Schedule"),
]


class EsnCraLine(models.Model):
    _name = "esn.cra.line"
    _description = "Activity Report Day"
    _inherit = ["esn.workflow.mixin"]
    _order = "date"
    # the days are the report's: made when it is created, what each day allows follows the
    # consultant's working schedule, public holidays and time off
    _workflow_fields = {
        "day_kind": "the consultant's working schedule and public holidays",
        "available": "the consultant's working schedule and time off",
        "time_off": "the consultant's time off (Time Off app)",
        "absence": "the consultant's time off (Time Off app)",
        "holiday_name": "the public holidays",
        "planned": "action_submit",
    }
    _create_only_fields = ("cra_id", "date")

    cra_id = fields.Many2one(
        "esn.cra", string="Activity Report", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="cra_id.company_id", store=True, precompute=True)
    date = fields.Date(required=True)
    quantity = fields.Float(string="Days", default=0.0, help="0, 0.5 or 1 day.")
    on_call = fields.Boolean(
        string="On-Call Intervention",
        help="Worked during an on-call period (an intervention), or outside the working schedule (a "
        "weekend, a public holiday): billed at the mission's on-call rates when it has them. Being on "
        "call itself is compensated per period, scheduled on the mission.",
    )
    remote = fields.Boolean(
        string="Remote Work",
        help="Worked remotely (télétravail), not at the client's or the company's site: payroll reads it.",
    )
    day_kind = fields.Selection(DAY_KINDS, default="working", required=True, readonly=True)
    holiday_name = fields.Char(string="Public Holiday", readonly=True)
    available = fields.Float(
        readonly=True,
        help="Days the consultant can work that day without being on call: 1, or 0.5 with a half day "
        "of time off or a half-day schedule, 0 off the working schedule.",
    )
    time_off = fields.Float(readonly=True, help="Days of approved time off that day.")
    absence = fields.Boolean(
        readonly=True, help="Approved time off all day: it cannot be declared as worked."
    )
    planned = fields.Boolean(
        readonly=True, help="Declared before the day came, in the submission window at the end of the month."
    )
    weekday = fields.Char(compute="_compute_weekday")
    # the rates the day is billed and bought at, in the mission's currency: invoices, bills and the
    # margin report read them. Floats (the mission's rates, already rounded): a monetary field looks
    # its currency up at each value set, tens of thousands of times in a month end
    sell_rate = fields.Float(
        digits=(16, 6),
        compute="_compute_rates",
        store=True,
        compute_sudo=True,
        groups="esn_base.group_esn_user",
        help="The mission's sell rate in force that day (its on-call rate for an intervention).",
    )
    buy_rate = fields.Float(
        digits=(16, 6),
        compute="_compute_rates",
        store=True,
        compute_sudo=True,
        groups="esn_base.group_esn_manager",
        help="The mission's buy rate in force that day (its on-call rate for an intervention).",
    )

    _sql_constraints = [
        ("cra_date_uniq", "unique(cra_id, date)", "A day appears once in an activity report.")
    ]

    @api.depends_context("lang")
    @api.depends("date")
    def _compute_weekday(self):
        for line in self:
            line.weekday = format_date(self.env, line.date, date_format="EEEE") if line.date else False

    @api.depends(
        "date",
        "on_call",
        "cra_id.mission_id.sell_rate",
        "cra_id.mission_id.buy_rate",
        "cra_id.mission_id.on_call_sell_rate",
        "cra_id.mission_id.on_call_buy_rate",
        "cra_id.mission_id.amendment_ids.date_effective",
        "cra_id.mission_id.amendment_ids.sell_rate",
        "cra_id.mission_id.amendment_ids.buy_rate",
        "cra_id.mission_id.amendment_ids.on_call_sell_rate",
        "cra_id.mission_id.amendment_ids.on_call_buy_rate",
    )
    def _compute_rates(self):
        for line in self:
            line.sell_rate, line.buy_rate = line.cra_id.mission_id._day_rates(line.date, line.on_call)

    @api.constrains("quantity", "date", "on_call", "available", "time_off")
    def _check_day(self):
        for line in self:
            cra = line.cra_id
            if line.quantity not in ALLOWED_QUANTITIES:
                raise ValidationError(
                    self.env._(
                        "%(date)s: a day is declared as 0, 0.5 or 1 (not %(quantity)s).",
                        date=line._date_label(),
                        quantity=line.quantity,
                    )
                )
            if not cra.date_from <= line.date <= cra.date_to:
                raise ValidationError(
                    self.env._(
                        "%(date)s is not in %(month)s, the month of %(cra)s.",
                        date=line._date_label(),
                        month=cra.month_label,
                        cra=cra.display_name,
                    )
                )
            # sudo: the mission's dates, whoever writes the day
            mission = cra.sudo().mission_id
            if line.quantity and not mission.date_start <= line.date <= mission.date_end:
                raise ValidationError(
                    self.env._(
                        "%(date)s is outside mission %(mission)s (%(start)s to %(end)s).",
                        date=line._date_label(),
                        mission=mission.name,
                        start=format_date(self.env, mission.date_start),
                        end=format_date(self.env, mission.date_end),
                    )
                )
            if line.quantity > 1 - line.time_off:
                raise ValidationError(
                    self.env._(
                        "%(date)s is approved time off: %(days)s day(s) at most can be declared as worked.",
                        date=line._date_label(),
                        days=1 - line.time_off,
                    )
                )
            if line.quantity > line.available and not line.on_call:
                raise ValidationError(
                    self.env._(
                        "%(date)s is %(kind)s: work that day is declared as an on-call intervention "
                        "(tick On-Call Intervention).",
                        date=line._date_label(),
                        kind=line._off_label(),
                    )
                )

    def _date_label(self):
        """The day in the reader's language, for messages: formatted only when one is shown, the
        month end checks tens of thousands of days."""
        return format_date(self.env, self.date)

    def _off_label(self):
        """Why the day is not (wholly) an ordinary working day, in words."""
        self.ensure_one()
        if self.day_kind == "public_holiday":
            return self.env._("a public holiday (%(name)s)", name=self.holiday_name or "")
        if self.day_kind == "weekend":
            return self.env._("a weekend day")
        if self.day_kind == "not_scheduled":
            return self.env._("not in the consultant's working schedule")
        return self.env._("half a working day in the consultant's schedule")

    @api.model
    def _insert_report_days(self, vals_list):
        """Insert the days of new reports (`vals_list`: report, date and what the day allows) in one
        query, with the fields' defaults (nothing declared) and the mission's rates in force each day.
        A new report's days are facts of its calendar, valid by construction: the ORM's create, a
        third of a millisecond a day (defaults, caches, the rates computed a day at a time, the day's
        checks), was most of a month end's generation. `create` and its overrides are not called; as
        after the ORM's create, what depends on the days (the reports' totals) is then computed."""
        cras = {cra.id: cra for cra in self.env["esn.cra"].browse({vals["cra_id"] for vals in vals_list})}
        rates = {}
        for cra in cras.values():
            for first, last, sell_rate, buy_rate in cra.mission_id._rate_periods(cra.date_from, cra.date_to):
                rates.update(((cra.id, day), (sell_rate, buy_rate)) for day in days_between(first, last))
        defaults = {
            name: value
            for name, value in self.default_get(list(self._fields)).items()
            if self._fields[name].store
        }
        rows = [
            {
                **defaults,
                **vals,
                "company_id": cras[vals["cra_id"]].company_id.id,
                "sell_rate": rates[vals["cra_id"], vals["date"]][0],
                "buy_rate": rates[vals["cra_id"], vals["date"]][1],
            }
            for vals in vals_list
        ]
        if not rows:
            return self.browse()
        names = list(rows[0])
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (%s, create_uid, create_date, write_uid, write_date) "
                "SELECT *, %s, %s, %s, %s FROM unnest(%s) RETURNING id",
                SQL.identifier(self._table),
                SQL(", ").join(SQL.identifier(name) for name in names),
                self.env.uid,
                self.env.cr.now(),
                self.env.uid,
                self.env.cr.now(),
                SQL(", ").join(self._column_array(name, [row[name] for row in rows]) for name in names),
            )
        )
        lines = self.browse(id_ for (id_,) in self.env.cr.fetchall())
        self.env["esn.cra"].browse(cras).invalidate_recordset(["line_ids"])
        given = [self._fields[name] for name in ("company_id", "sell_rate", "buy_rate")]
        with self.env.protecting(given, lines):
            lines.modified(self._fields, create=True)
        return lines

    def _column_array(self, name, values):
        """`values` of field `name` as an array of its column's type; False is NULL but in a boolean."""
        field = self._fields[name]
        if field.type != "boolean":
            values = [None if value is False else value for value in values]
        return SQL("%s::%s[]", values, SQL(field.column_type[1]))

    @api.model_create_multi
    def create(self, vals_list):
        self.env["esn.cra"].browse({vals["cra_id"] for vals in vals_list})._check_editable()
        return super().create(vals_list)

    def write(self, vals):
        if {"quantity", "on_call", "date", "cra_id"} & vals.keys():
            self.cra_id._check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("The days of an activity report cannot be deleted: declare them as 0 instead.")
        )
