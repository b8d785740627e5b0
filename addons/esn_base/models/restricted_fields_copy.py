from odoo import api, models


class RestrictedFieldsCopyMixin(models.AbstractModel):
    """Odoo's copy reads every copied field as the user who duplicates: a field restricted to some
    groups (a buy rate, a cost) would refuse the duplicate of a contact, an employee or a quotation
    to anyone else. Those fields are copied as they are, unseen by that user."""

    _name = "esn.restricted.fields.copy.mixin"
    _description = "Copy of the fields restricted to some groups"

    # the values it returns hold the fields the user may not read: not callable over RPC
    @api.private
    def copy_data(self, default=None):
        default = dict(default or {})
        hidden = [
            name
            for name, field in self._fields.items()
            if field.copy and field.groups and name not in default and not field.is_accessible(self.env)
        ]
        if not hidden:
            return super().copy_data(default)
        vals_list = []
        for record in self:
            # sudo: the duplicate carries the restricted fields (groups=) the user may not read
            hidden_values = {
                name: record._fields[name].convert_to_write(record.sudo()[name], record) for name in hidden
            }
            vals_list += super(RestrictedFieldsCopyMixin, record).copy_data({**hidden_values, **default})
        return vals_list
