from odoo import api, fields, models
from odoo.exceptions import ValidationError


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

    @api.constrains("esn_payroll_registration_number", "company_id")
    def _check_esn_payroll_registration_number(self):
        """The payroll software finds an employee by their number: two employees of a company
        sharing one would have their variables mixed."""
        numbered = self.filtered("esn_payroll_registration_number")
        numbers = numbered.mapped("esn_payroll_registration_number")
        # sudo: the numbers of every employee of the company, whoever sets one
        holders = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("company_id", "in", numbered.company_id.ids),
                    ("esn_payroll_registration_number", "in", numbers),
                ]
            )
        )
        for employee in numbered:
            twin = holders.filtered(
                lambda holder, employee=employee: (
                    holder != employee
                    and holder.company_id == employee.company_id
                    and holder.esn_payroll_registration_number == employee.esn_payroll_registration_number
                )
            )[:1]
            if twin:
                raise ValidationError(
                    self.env._(
                        "%(employee)s's payroll registration number %(number)s is already %(twin)s's.",
                        employee=employee.name,
                        number=employee.esn_payroll_registration_number,
                        twin=twin.name,
                    )
                )
