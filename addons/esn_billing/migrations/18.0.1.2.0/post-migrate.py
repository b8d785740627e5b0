"""Consulting was booked on the chart's default accounts, sales and purchases of goods (707, 607):
the consulting category of every company with a chart now books on 706 and 604. Posted entries
stay as they are, for the accountant to reclassify."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    env["res.company"].search([("chart_template", "!=", False)])._esn_setup_service_accounts()
