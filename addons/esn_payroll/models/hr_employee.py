from odoo import fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    esn_payroll_registration_number = fields.Char(
        string="Payroll Registration Number",
        groups="hr.group_hr_user",
        copy=False,
        help="The employee's number (matricule) in the payroll software: its imports find the "
        "employee by it.",
    )
    esn_payroll_cost_center = fields.Char(
        string="Payroll Cost Centre",
        groups="hr.group_hr_user",
        help="The analytic section the payroll software books this employee's pay to: exported with "
        "each payroll variable.",
    )
