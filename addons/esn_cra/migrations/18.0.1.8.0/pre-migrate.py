"""A report's available days are stored: filled here in one query rather than recomputed report by
report when the module is updated."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    openupgrade.logged_query(
        env.cr, "ALTER TABLE esn_cra ADD COLUMN IF NOT EXISTS available_days double precision"
    )
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE esn_cra cra
           SET available_days = days.available
          FROM (SELECT cra_id, COALESCE(SUM(available) FILTER (WHERE on_call IS NOT TRUE), 0) AS available
                  FROM esn_cra_line GROUP BY cra_id) days
         WHERE days.cra_id = cra.id
        """,
    )
    openupgrade.logged_query(env.cr, "UPDATE esn_cra SET available_days = 0 WHERE available_days IS NULL")
