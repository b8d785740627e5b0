from odoo import api, fields, models
from odoo.exceptions import UserError

# which activity report a line bills, and when: set by the suite's own invoicing, in superuser mode
ESN_LINE_FIELDS = {"esn_cra_id", "esn_period_start", "esn_period_end"}


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    esn_cra_id = fields.Many2one("esn.cra", string="Activity Report", index="btree_not_null", copy=False)
    esn_period_start = fields.Date(string="Service From", copy=False)
    esn_period_end = fields.Date(string="Service To", copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get(name) for vals in vals_list for name in self._esn_link_fields()):
            raise UserError(self._esn_link_message())
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and self._esn_link_fields() & vals.keys():
            raise UserError(self._esn_link_message())
        return super().write(vals)

    def _esn_link_fields(self):
        """The fields that say what a line bills, set only by the suite's own invoicing."""
        return ESN_LINE_FIELDS

    def _esn_link_message(self):
        return self.env._(
            "Which activity report an invoice line bills is set by invoicing the report (Invoice on "
            "the activity report), never by hand: a report would be billed twice or not at all."
        )

    def _esn_line_values(self):
        """This line as values for a line of another invoice or bill billing the same days."""
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "name": self.name,
            "quantity": self.quantity,
            "product_uom_id": self.product_uom_id.id,
            "price_unit": self.price_unit,
            "discount": self.discount,
            "tax_ids": [fields.Command.set(self.tax_ids.ids)],
            "analytic_distribution": self.analytic_distribution,
            "esn_cra_id": self.esn_cra_id.id,
            "esn_period_start": self.esn_period_start,
            "esn_period_end": self.esn_period_end,
        }
