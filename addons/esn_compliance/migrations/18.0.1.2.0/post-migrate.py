"""The documents asked of a contractor now depend on where it is established (D8222-7 for those
established abroad), and a portage company shows its financial guarantee (L1254-26): every
contractor's compliance is computed again, and portage companies without the guarantee's
certificate become non-compliant until it is uploaded. The Kbis extract is asked with
each 6-month check (D8222-5), no more every 3 months, unless the firm chose another validity. The
RC Pro certificate, a contractual requirement, warns when missing or expired but blocks nothing."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    kbis = env.ref("esn_compliance.document_type_kbis", raise_if_not_found=False)
    if kbis and kbis.validity_months == 3:
        kbis.validity_months = 6
    rc_pro = env.ref("esn_compliance.document_type_rc_pro", raise_if_not_found=False)
    if rc_pro:
        rc_pro.legal_requirement = False
    env["res.partner"].with_context(active_test=False).search(
        [("esn_contractor_kind", "!=", False)]
    )._esn_recompute_compliance()
