"""The mail templates name months in words ("octobre 2026"): they are reloaded although users may
edit them (noupdate). The days of the existing reports learn what each day allows (working day,
weekend, public holiday, time off) from Odoo's calendars; the quantities already declared are kept
as they are, a day declared beyond what it now allows being marked as worked on call."""

from collections import defaultdict

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    openupgrade.load_data(env, "esn_cra", "data/mail_template_data.xml")
    reports = env["esn.cra"].search([])
    availability = reports._day_availability()
    by_values = defaultdict(env["esn.cra.line"].browse)
    on_call = set()
    for report in reports:
        for line in report.line_ids:
            values = availability[report.id][line.date]
            if line.quantity > values["available"]:
                on_call.add(line.id)
            by_values[tuple(sorted(values.items()))] |= line
    if on_call:
        # validated reports included: what was declared stays, only how it reads changes
        openupgrade.logged_query(
            env.cr, "UPDATE esn_cra_line SET on_call = true WHERE id IN %s", (tuple(on_call),)
        )
        env["esn.cra.line"].invalidate_model(["on_call"])
    for values, lines in by_values.items():
        lines._workflow_write(dict(values))
