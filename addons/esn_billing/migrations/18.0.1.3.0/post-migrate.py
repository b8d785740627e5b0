"""The VAT mention of the fiscal positions made for contractors' VAT regimes was written in the
language of whoever first billed such a contractor: it now reads in every installed language, as
the invoices the ESN issues in a contractor's name print it in the contractor's."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    regimes = ("franchise", "eu", "non_eu")
    for data in env["ir.model.data"].search(
        [("module", "=", "esn_billing"), ("model", "=", "account.fiscal.position")]
    ):
        regime = next((name for name in regimes if data.name.endswith(f"_fiscal_position_{name}")), None)
        if regime:
            env["account.fiscal.position"].browse(data.res_id).exists()._esn_set_vat_mention(regime)
