"""The suite's open activities are marked automated, as Odoo's activity_schedule marks them: the
suite now closes them with activity_feedback (done, kept in the chatter), which sees those only."""

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
