from odoo import api, models
from odoo.exceptions import UserError

# The context value that lets an action method write what callers may not. It is a Python object,
# which neither XML-RPC nor JSON-RPC can send: no caller outside the server can forge it.
_ACTION = object()
_ACTION_KEY = "esn_workflow_action"


class Base(models.AbstractModel):
    """The suite's stored computed fields that nobody sets (read-only, no inverse) are what its
    controls read: a contractor's compliance state, a report's state, what is invoiced, the amounts
    of a vigilance check. On every model (partners, employees, invoices as much as the suite's own),
    a direct create or write of them is refused whoever calls it; Odoo computes them."""

    _inherit = "base"

    @api.model_create_multi
    def create(self, vals_list):
        if not self._in_action():
            for vals in vals_list:
                self._check_computed_vals(vals, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        if not self._in_action():
            self._check_computed_vals(vals, creating=False)
        return super().write(vals)

    def _in_action(self):
        return self.env.context.get(_ACTION_KEY) is _ACTION

    def _with_action(self):
        """These records in an action method: what it writes is not checked against callers' limits."""
        return self.with_context(**{_ACTION_KEY: _ACTION})

    def _suite_computed_fields(self):
        """The stored, read-only computed fields without inverse that only the suite's modules define."""
        return {name for name in self._fields if self._is_suite_computed(name)}

    def _is_suite_computed(self, name):
        # read from the fields each time: a model's class outlives the modules loaded after it
        field = self._fields.get(name)
        return bool(
            field
            and field.store
            and field.compute
            and field.readonly
            and not field.inverse
            and field._modules
            and all(module.startswith("esn_") for module in field._modules)
        )

    def _check_computed_vals(self, vals, creating):
        names = {name for name in vals if self._is_suite_computed(name)}
        if creating:
            names = {name for name in names if vals[name] not in (False, None, [])}
        if not names:
            return
        # who may not write the records at all is told so first
        self.check_access("create" if creating else "write")
        raise UserError(
            self.env._(
                "%(field)s of %(model)s is computed: it cannot be written.",
                field=self._fields[min(names)]._description_string(self.env),
                model=self._description,
            )
        )
