"""The suite's open activities are marked automated, as Odoo's activity_schedule marks them; the
types of those the suite closes keep them once done (archived with their done date), as Odoo
keeps done activities."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE mail_activity SET automated = true
         WHERE automated IS NOT TRUE AND activity_type_id IN (
               SELECT res_id FROM ir_model_data
                WHERE model = 'mail.activity.type' AND module LIKE 'esn\\_%')
        """,
    )
    for xmlid in ("esn_cra.mail_activity_cra_to_validate", "esn_compliance.mail_activity_document_review"):
        activity_type = env.ref(xmlid, raise_if_not_found=False)
        if activity_type:
            activity_type.keep_done = True
