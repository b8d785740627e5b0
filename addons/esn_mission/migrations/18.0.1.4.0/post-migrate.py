"""The consultant-day product moves to the consulting category (booked on service accounts by
esn_billing), unless the firm filed it elsewhere."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    product = env.ref("esn_mission.product_consultant_day", raise_if_not_found=False)
    if product and product.categ_id == env.ref("product.product_category_all"):
        product.categ_id = env.ref("esn_mission.product_category_consulting")
