from odoo import api, fields, models


class ReportVigilanceDossier(models.AbstractModel):
    _name = "report.esn_compliance.report_vigilance_dossier"
    _description = "Vigilance Dossier"

    @api.model
    def _get_report_values(self, docids, data=None):
        """The index of each contractor's vigilance dossier, read with the user's rights."""
        contractors = self.env["res.partner"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": contractors,
            "dossiers": {contractor.id: contractor._esn_vigilance_dossier() for contractor in contractors},
            "exported_on": fields.Datetime.now(),
        }
