"""ESN administrators are no longer Odoo administrators (the ESN settings have their own page).

The implication is removed by the group's data; users who got Odoo's administrator rights through
it keep them until someone removes them: they are listed in the upgrade's log for the firm to
review (a notice, not a fault: the upgrade itself went right)."""

import logging

from openupgradelib import openupgrade

_logger = logging.getLogger(__name__)


@openupgrade.migrate()
def migrate(env, version):
    esn_admin = env.ref("esn_base.group_esn_admin")
    system = env.ref("base.group_system")
    holders = esn_admin.users.filtered(lambda user: system in user.groups_id and not user._is_superuser())
    if holders:
        _logger.info(
            "ESN administrators who still hold Odoo's administrator rights (given by former versions, "
            "review them in Settings > Users): %s",
            ", ".join(holders.mapped("login")),
        )
