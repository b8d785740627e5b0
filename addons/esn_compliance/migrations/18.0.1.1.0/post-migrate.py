"""Validity recomputed from the stated end dates within each type's validity, then the states; the
URSSAF attestation's code format and verification site (its type is not updated: noupdate)."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    urssaf = env.ref("esn_compliance.document_type_urssaf_vigilance", raise_if_not_found=False)
    if urssaf and not urssaf.verification_code_pattern:
        urssaf.write(
            {
                "verification_code_pattern": "[A-Z0-9]{15}",
                "verification_url": "https://www.urssaf.fr/accueil/outils-documentation/outils/verif-attestation.html",
            }
        )
    documents = env["esn.compliance.document"].with_context(active_test=False).search([])
    env.add_to_compute(documents._fields["expiry_date"], documents)
    documents.flush_recordset()
    documents._update_state()
