"""The report's state splits in two: the validation state its actions move, and the state shown,
computed from it and from the invoices ('invoiced'). The validation state is the old state, an
invoiced report being validated."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    if openupgrade.column_exists(env.cr, "esn_cra", "validation_state"):
        return
    openupgrade.logged_query(env.cr, "ALTER TABLE esn_cra ADD COLUMN validation_state varchar")
    openupgrade.logged_query(
        env.cr,
        "UPDATE esn_cra SET validation_state = CASE WHEN state = 'invoiced' THEN 'validated' ELSE state END",
    )
