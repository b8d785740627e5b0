from odoo import fields, models


class EsnMonthReopening(models.Model):
    """A closed month reopened: who, when, why (kept, never changed)."""

    _name = "esn.month.reopening"
    _description = "Month Reopening"
    _order = "create_date desc, id desc"

    closing_id = fields.Many2one("esn.month.closing", required=True, ondelete="restrict", index=True)
    company_id = fields.Many2one(related="closing_id.company_id", store=True, index=True)
    user_id = fields.Many2one("res.users", string="Reopened By", required=True)
    reason = fields.Text(required=True)
