from odoo import api, models


class EsnRatioMixin(models.AbstractModel):
    """Report columns that are rates of two summed columns (a margin rate, a TACE): a group's rate
    is the rate of its sums, not the average of its rows' rates.

    Models list `_ratio_fields` = {rate field: (numerator field, denominator field)}, in percent."""

    _name = "esn.ratio.mixin"
    _description = "Rates of Summed Report Columns"

    _ratio_fields = {}

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        asked = {name.split(":")[0] for name in fields}
        rates = {rate: parts for rate, parts in self._ratio_fields.items() if rate in asked}
        if not rates:
            return super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)
        extra = sorted({part for parts in rates.values() for part in parts} - asked)
        groups = super().read_group(domain, fields + extra, groupby, offset, limit, orderby, lazy)
        for group in groups:
            for rate, (numerator, denominator) in rates.items():
                total = group.get(denominator) or 0.0
                group[rate] = 100 * (group.get(numerator) or 0.0) / total if total else 0.0
            for name in extra:
                group.pop(name, None)
        return groups
