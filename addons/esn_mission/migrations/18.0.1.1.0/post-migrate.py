"""Active missions of contractors are checked for vigilance by the next daily job, then every 6
months: there was no record of their checks before. The consultants of missions are flagged as such
(ESN > Consultants lists them only)."""

from openupgradelib import openupgrade

from odoo import fields


@openupgrade.migrate()
def migrate(env, version):
    missions = env["esn.mission"].search([("state", "=", "active"), ("supplier_id", "!=", False)])
    missions._workflow_write({"vigilance_next_check": fields.Date.context_today(missions)})
    env["esn.mission"].search([])._flag_consultants()
