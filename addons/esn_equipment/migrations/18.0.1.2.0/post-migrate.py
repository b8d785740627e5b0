"""'Lent Equipment' is now one location per company: the one the module made for the main company
stays its own, with the consultants' locations under it."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    location = env.ref("esn_equipment.stock_location_lent_equipment", raise_if_not_found=False)
    if location and not location.company_id.esn_lent_equipment_location_id:
        location.company_id.esn_lent_equipment_location_id = location
