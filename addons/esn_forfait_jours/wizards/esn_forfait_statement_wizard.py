from odoo import api, fields, models
from odoo.exceptions import ValidationError


class EsnForfaitStatementWizard(models.TransientModel):
    _name = "esn.forfait.statement.wizard"
    _description = "Print the Forfait Jours Statement of a Year"

    employee_ids = fields.Many2many(
        "hr.employee", string="Employees", required=True, default=lambda self: self._default_employees()
    )
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)

    @api.model
    def _default_employees(self):
        if self.env.context.get("active_model") == "hr.employee":
            return self.env["hr.employee"].browse(self.env.context.get("active_ids") or [])
        return self.env["hr.employee"]

    @api.constrains("year")
    def _check_year(self):
        for wizard in self:
            if not 2000 <= wizard.year <= 2999:
                raise ValidationError(self.env._("%(year)s is not a year.", year=wizard.year))

    def action_print(self):
        self.ensure_one()
        return self.env.ref("esn_forfait_jours.action_report_forfait_statement").report_action(
            self.employee_ids, data={"year": self.year}
        )
