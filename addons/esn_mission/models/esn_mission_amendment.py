from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date


class EsnMissionAmendment(models.Model):
    """An avenant: from `date_effective`, the mission's rates and/or end date change.

    Kept as history; billing prices each day at the rates in force on that day."""

    _name = "esn.mission.amendment"
    _description = "Mission Amendment"
    _order = "date_effective, id"

    mission_id = fields.Many2one("esn.mission", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="mission_id.company_id", store=True)
    currency_id = fields.Many2one(related="mission_id.currency_id")
    date_effective = fields.Date(string="Effective From", required=True)
    sell_rate = fields.Monetary(string="New Sell Rate", help="Empty: unchanged.")
    buy_rate = fields.Monetary(
        string="New Buy Rate", help="Empty: unchanged.", groups="esn_base.group_esn_manager"
    )
    on_call_sell_rate = fields.Monetary(string="New On-Call Sell Rate", help="Empty: unchanged.")
    on_call_buy_rate = fields.Monetary(
        string="New On-Call Buy Rate", help="Empty: unchanged.", groups="esn_base.group_esn_manager"
    )
    date_end = fields.Date(string="New End Date", help="Empty: unchanged.")
    previous_date_end = fields.Date(readonly=True)
    reason = fields.Char(required=True)
    attachment_ids = fields.Many2many("ir.attachment", string="Signed Amendment")

    @api.constrains(
        "date_effective", "sell_rate", "buy_rate", "on_call_sell_rate", "on_call_buy_rate", "date_end"
    )
    def _check_amendment(self):
        for amendment in self:
            mission = amendment.mission_id
            if mission.state in ("done", "cancelled"):
                raise ValidationError(
                    self.env._("Mission %(mission)s is closed: it cannot be amended.", mission=mission.name)
                )
            end = amendment.date_end or mission.date_end
            if not mission.date_start <= amendment.date_effective <= end:
                raise ValidationError(
                    self.env._(
                        "The amendment of %(mission)s takes effect on %(date)s, outside the mission "
                        "(%(start)s to %(end)s).",
                        mission=mission.name,
                        date=format_date(self.env, amendment.date_effective),
                        start=format_date(self.env, mission.date_start),
                        end=format_date(self.env, end),
                    )
                )
            # sudo: the new buy rates are managers' (groups=): checked whoever amends the mission
            rates = amendment.sudo()
            if min(rates.sell_rate, rates.buy_rate, rates.on_call_sell_rate, rates.on_call_buy_rate) < 0:
                raise ValidationError(
                    self.env._("The new rates of %(mission)s cannot be negative.", mission=mission.name)
                )
            sell, buy = mission._rates_on(amendment.date_effective)
            # sudo: accepting a negative margin is the managers' (groups=), whoever amends the mission
            if buy > sell and not mission.sudo().accept_negative_margin:
                raise ValidationError(mission._negative_margin_message(sell, buy))

    @api.model_create_multi
    def create(self, vals_list):
        amendments = super().create(vals_list)
        for amendment in amendments.filtered("date_end"):
            amendment.previous_date_end = amendment.mission_id.date_end
            amendment.mission_id.date_end = amendment.date_end
        # a new contract with the contractor (its amount may now reach the threshold): the vigilance
        # is owed again, checked and recorded as at signature (L8222-1)
        # sudo: a new buy rate (managers' field) recommits the ESN, whoever amends the mission
        recommitted = (
            amendments.sudo()
            .filtered(
                lambda amendment: (
                    amendment.mission_id.state == "active"
                    and amendment.mission_id.supplier_id
                    and (amendment.buy_rate or amendment.on_call_buy_rate or amendment.date_end)
                )
            )
            .mission_id.with_env(self.env)
        )
        for mission in recommitted:
            mission._check_vigilance(mission, "amendment")
        recommitted._log_vigilance_check("amendment")
        for amendment in amendments:
            amendment.mission_id.message_post(
                body=self.env._(
                    "Amendment from %(date)s: %(reason)s",
                    date=format_date(self.env, amendment.date_effective),
                    reason=amendment.reason,
                )
            )
        return amendments
