from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    esn_meal_voucher_remote = fields.Boolean(
        string="Meal Vouchers on Remote Days",
        default=True,
        help="Remote workers have the same rights as those on site (Code du travail L1222-9), meal "
        "vouchers included (Cour de cassation, soc., 2025): untick only under an agreement that says "
        "otherwise.",
    )
    esn_meal_voucher_half_days = fields.Boolean(
        string="Meal Vouchers on Half Days",
        help="A half day worked gives a meal voucher (when the meal falls within it): otherwise only "
        "whole days do.",
    )
    esn_payroll_item_ids = fields.One2many("esn.payroll.item", "company_id", string="Payroll Items")
