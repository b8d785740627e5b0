"""The month-end invoicing run moves from esn_month_end (the background jobs) to esn_billing: its
models, fields, access rules, view, action and menu keep their records under the new module, so the
upgrade loses nothing and uninstalling the jobs later leaves the run in place."""

from openupgradelib import openupgrade

MOVED_XMLIDS = (
    "esn_month_end_invoicing_view_form",
    "action_esn_month_end_invoicing",
    "menu_esn_month_end_invoicing",
    "access_invoicing_esn_manager",
    "access_invoicing_invoice_user",
    "access_invoicing_line_esn_manager",
    "access_invoicing_line_invoice_user",
)


@openupgrade.migrate()
def migrate(env, version):
    for model in ("esn.month.end.invoicing", "esn.month.end.invoicing.line"):
        openupgrade.update_module_moved_models(env.cr, model, "esn_month_end", "esn_billing")
    openupgrade.rename_xmlids(
        env.cr, [(f"esn_month_end.{name}", f"esn_billing.{name}") for name in MOVED_XMLIDS]
    )
