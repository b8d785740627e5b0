from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

ALLOWED_QUANTITIES = (0.0, 0.5, 1.0)


class EsnCraLine(models.Model):
    _name = "esn.cra.line"
    _description = "Activity Report Day"
    _inherit = ["esn.workflow.mixin"]
    _order = "date"
    # the days are the report's: made when it is created, marked by the consultant's time off
    _workflow_fields = {"absence": "the consultant's time off (Time Off app)"}
    _create_only_fields = ("cra_id", "date")

    cra_id = fields.Many2one(
        "esn.cra", string="Activity Report", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="cra_id.company_id", store=True)
    date = fields.Date(required=True)
    quantity = fields.Float(string="Days", default=0.0, help="0, 0.5 or 1 day.")
    on_call = fields.Boolean(
        string="On Call / Weekend", help="Worked on call, on a weekend or a public holiday."
    )
    absence = fields.Boolean(readonly=True, help="Approved time off: the day cannot be declared as worked.")

    _sql_constraints = [
        ("cra_date_uniq", "unique(cra_id, date)", "A day appears once in an activity report.")
    ]

    @api.constrains("quantity", "date", "absence")
    def _check_day(self):
        for line in self:
            cra = line.cra_id
            if line.quantity not in ALLOWED_QUANTITIES:
                raise ValidationError(
                    self.env._(
                        "%(date)s: a day is declared as 0, 0.5 or 1 (not %(quantity)s).",
                        date=line.date,
                        quantity=line.quantity,
                    )
                )
            if not cra.date_from <= line.date <= cra.date_to:
                raise ValidationError(
                    self.env._(
                        "%(date)s is not in %(month)s, the month of %(cra)s.",
                        date=line.date,
                        month=cra.month,
                        cra=cra.display_name,
                    )
                )
            mission = cra.mission_id
            if line.quantity and not mission.date_start <= line.date <= mission.date_end:
                raise ValidationError(
                    self.env._(
                        "%(date)s is outside mission %(mission)s (%(start)s to %(end)s).",
                        date=line.date,
                        mission=mission.name,
                        start=mission.date_start,
                        end=mission.date_end,
                    )
                )
            if line.quantity and line.absence:
                raise ValidationError(
                    self.env._(
                        "%(date)s is approved time off: it cannot be declared as worked.", date=line.date
                    )
                )

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
