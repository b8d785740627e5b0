"""Consulting was booked on the chart's default accounts, sales and purchases of goods (707, 607):
the consulting category of every company with a chart now books on 706 and 604. Posted entries
stay as they are, for the accountant to reclassify.

Services of a contractor established outside the EU are reverse-charged under CGI 283-2, as those
of an EU one (former versions said 283-1): the fiscal positions made for them say so."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    companies = env["res.company"].search([("chart_template", "!=", False)])
    companies._esn_setup_service_accounts()
    partner = env["res.partner"]
    label = dict(partner._fields["esn_vat_regime"]._description_selection(env))["non_eu"]
    for company in companies:
        position = env.ref(f"esn_billing.{company.id}_fiscal_position_non_eu", raise_if_not_found=False)
        if position:
            position.write({"name": label, "note": partner._esn_vat_mention("non_eu")})
