"""The end date a document states is kept apart from its validity, which is now computed (capped
by the type's validity in months): the dates typed so far become the stated end dates."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    if not openupgrade.column_exists(env.cr, "esn_compliance_document", "stated_expiry_date"):
        openupgrade.copy_columns(
            env.cr, {"esn_compliance_document": [("expiry_date", "stated_expiry_date", None)]}
        )
