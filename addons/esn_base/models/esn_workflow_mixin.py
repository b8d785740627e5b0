from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL


def lock_rows(records):
    """Serialise concurrent actions on these records.

    The rows are locked in id order and rewritten: a concurrent transaction waits for ours,
    then fails with a serialization error (Odoo's RPC and HTTP layers retry it on a fresh
    snapshot) instead of deciding on what it read before we committed."""
    if not records.ids:
        return
    ids = tuple(sorted(records.ids))
    records.env.cr.execute(
        SQL("SELECT id FROM %s WHERE id IN %s ORDER BY id FOR UPDATE", SQL.identifier(records._table), ids)
    )
    records.env.cr.execute(
        SQL("UPDATE %s SET write_date = write_date WHERE id IN %s", SQL.identifier(records._table), ids)
    )
    records.invalidate_recordset()


class EsnWorkflowMixin(models.AbstractModel):
    """Fields that record a workflow (states, answers, who and when) change only through the
    model's action methods, and concurrent actions on the same records run one after the other.

    Model classes list `_workflow_fields` ({field: action that changes it}) and
    `_create_only_fields` (given at creation, never changed); the lists of every class of a model
    add up. A direct write of them is refused whoever calls it (as of the suite's stored computed
    fields, on every model: see base.py); the actions go through `_workflow_write` /
    `_workflow_create`."""

    _name = "esn.workflow.mixin"
    _description = "Fields Changed Only by Actions"

    _workflow_fields = {}
    _create_only_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        if not self._in_action():
            for vals in vals_list:
                self._check_workflow_vals(vals, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        if not self._in_action():
            self._check_workflow_vals(vals, creating=False)
        return super().write(vals)

    def _guarded_fields(self):
        """{field: the action that changes it} for the workflow fields of every class of the model."""
        guarded = {}
        for cls in reversed(type(self).__mro__):
            guarded.update(cls.__dict__.get("_workflow_fields", {}))
        return guarded

    def _check_workflow_vals(self, vals, creating):
        guarded = self._guarded_fields()
        defaults = None
        for name in vals.keys() & guarded.keys():
            if creating:
                if defaults is None:
                    defaults = self.default_get(list(guarded))
                if vals[name] in (False, None, defaults.get(name, False)):
                    continue
            # who may not write the records at all is told so first
            self.check_access("create" if creating else "write")
            raise UserError(
                self.env._(
                    "%(field)s of %(model)s changes only through the action %(action)s, not by a direct "
                    "write.",
                    field=self._fields[name]._description_string(self.env),
                    model=self._description,
                    action=guarded[name],
                )
            )
        if not creating:
            create_only = set()
            for cls in type(self).__mro__:
                create_only.update(cls.__dict__.get("_create_only_fields", ()))
            for name in vals.keys() & create_only:
                self.check_access("write")
                raise UserError(
                    self.env._(
                        "%(field)s of %(model)s is set when it is created and cannot change.",
                        field=self._fields[name]._description_string(self.env),
                        model=self._description,
                    )
                )

    def _workflow_write(self, vals):
        """Write workflow fields: for the model's own action methods only."""
        return self._with_action().write(vals)

    @api.model
    def _workflow_create(self, vals_list):
        """Create records with workflow fields set: for the model's own action methods only."""
        return self._with_action().create(vals_list).with_env(self.env)

    def _lock_rows(self):
        lock_rows(self)
