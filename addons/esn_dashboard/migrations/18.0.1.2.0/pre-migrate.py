"""The month-end dashboard's rows are queries on today's date in Python (`_table_query`), no longer
SQL views on the database server's date: the views of former versions go."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    env.cr.execute("DROP VIEW IF EXISTS esn_dashboard_month")
    env.cr.execute("DROP VIEW IF EXISTS esn_dashboard_report")
