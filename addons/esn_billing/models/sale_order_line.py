from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    qty_delivered_method = fields.Selection(
        selection_add=[("esn_cra", "Activity Reports")],
        ondelete={"esn_cra": lambda lines: lines.write({"qty_delivered_method": "manual"})},
    )

    @api.depends("esn_mission_ids")
    def _compute_qty_delivered_method(self):  # pylint: disable=missing-return
        super()._compute_qty_delivered_method()
        self.filtered("esn_mission_ids").qty_delivered_method = "esn_cra"

    @api.depends("esn_mission_ids.cra_ids.delivered", "esn_mission_ids.cra_ids.total_days")
    def _compute_qty_delivered(self):  # pylint: disable=missing-return
        """The days of the missions' validated (and client-approved) activity reports, in the
        line's unit."""
        from_reports = self.filtered(lambda line: line.qty_delivered_method == "esn_cra")
        super(SaleOrderLine, self - from_reports)._compute_qty_delivered()
        for line in from_reports:
            # sudo: the delivered days, whoever reads the order: sales and invoicing users may read no reports
            cras = line.sudo().esn_mission_ids.cra_ids.filtered("delivered")
            line.qty_delivered = sum(
                cra.employee_id._esn_days_in_unit(cra.total_days, line.product_uom) for cra in cras
            )
