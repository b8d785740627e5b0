"""Acting on a selection: what can be done is done, the rest is named with its reason; and the
notification that tells the user."""

from odoo.exceptions import UserError


def act_on_each(records, method, *args):
    """Call `method(*args)` on `records` at once, or, when that is refused, on each record in its
    own savepoint: a refused record is left as it was and does not stop the others. Returns
    ["<record>: <reason>", …] for the records refused; a single record's refusal is raised."""
    refused = refusals(records, method, *args)
    if refused and len(records) == 1:
        raise refused[0][1]
    return [f"{record.display_name}: {error.args[0]}" for record, error in refused]


def refusals(records, method, *args, refused=(UserError,)):
    """`act_on_each`'s way, for callers that keep the errors: [(record, error), …] for the
    records whose `method` raised one of `refused` (UserError, AccessError included, by default)."""
    try:
        with records.env.cr.savepoint():
            getattr(records, method)(*args)
    except refused as error:
        if len(records) == 1:
            return [(records, error)]
        return [failure for record in records for failure in refusals(record, method, *args, refused=refused)]
    return []


def notification(message, title=None, kind="info", next_action=None):
    """Odoo's notification action, then `next_action` (closing the dialog by default); a warning
    stays until the user closes it."""
    return {
        "type": "ir.actions.client",
        "tag": "display_notification",
        "params": {
            "type": kind,
            "sticky": kind == "warning",
            "title": title,
            "message": message,
            "next": next_action or {"type": "ir.actions.act_window_close"},
        },
    }
