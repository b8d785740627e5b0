from odoo import api, fields, models


class ReportForfaitStatement(models.AbstractModel):
    _name = "report.esn_forfait_jours.report_forfait_statement"
    _description = "Forfait Jours Statement"

    @api.model
    def _get_report_values(self, docids, data=None):
        """The statement of the year given as data {"year": 2026}, this year by default."""
        employees = self.env["hr.employee"].browse(docids)
        year = int((data or {}).get("year") or fields.Date.context_today(self).year)
        return {
            "doc_ids": docids,
            "doc_model": "hr.employee",
            "docs": employees,
            "year": year,
            "statements": {employee.id: employee._esn_forfait_statement(year) for employee in employees},
        }
