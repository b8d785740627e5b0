"""Acting on a selection: what can be done is done, the rest is named with its reason."""

from odoo.exceptions import AccessError, UserError


def act_on_each(records, method, *args):
    """Call `method(*args)` on `records` at once, or, when that is refused, on each record in its
    own savepoint: a refused record is left as it was and does not stop the others. Returns
    ["<record>: <reason>", …] for the records refused."""
    try:
        with records.env.cr.savepoint():
            getattr(records, method)(*args)
        return []
    except (UserError, AccessError):
        if len(records) == 1:
            raise
    refused = []
    for record in records:
        try:
            with records.env.cr.savepoint():
                getattr(record, method)(*args)
        except (UserError, AccessError) as error:
            refused.append(f"{record.display_name}: {error.args[0]}")
    return refused
