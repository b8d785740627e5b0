"""Validity recomputed from the stated end dates within each type's validity, then the states."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    documents = env["esn.compliance.document"].with_context(active_test=False).search([])
    env.add_to_compute(documents._fields["expiry_date"], documents)
    documents.flush_recordset()
    documents._update_state()
