"""ESN users are no longer Odoo HR officers: they read the employees' non-private fields and edit
the consultants (esn_contractor's access rules).

Former versions made every ESN user an HR officer; the implication goes, and so do the HR officer
rights of the ESN users who held them (unless another of their groups, HR manager or time off
manager, implies them): they are listed in the upgrade's log for the firm to review."""

import logging

from openupgradelib import openupgrade

from odoo import Command

_logger = logging.getLogger(__name__)


@openupgrade.migrate()
def migrate(env, version):
    esn_user = env.ref("esn_base.group_esn_user")
    hr_user = env.ref("hr.group_hr_user")
    esn_user.implied_ids = [Command.unlink(hr_user.id)]
    holders = esn_user.users.filtered(lambda user: hr_user in user.groups_id and not user._is_superuser())
    holders.write({"groups_id": [Command.unlink(hr_user.id)]})
    removed = holders.filtered(lambda user: hr_user not in user.groups_id)
    if removed:
        _logger.info(
            "ESN users who are no longer HR officers (given by former versions, grant it again in "
            "Settings > Users if they are): %s",
            ", ".join(removed.mapped("login")),
        )
