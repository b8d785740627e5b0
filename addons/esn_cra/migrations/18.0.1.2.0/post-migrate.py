"""A mission's client validator is a contact person of the client: the client company itself, which
it defaulted to, is not one any more. Those missions are left without a validator for the account
manager to name (the approval e-mails go to the client's address until then), and so are their
reports."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE esn_mission mission
           SET client_validator_id = NULL
          FROM res_partner validator, res_partner client
         WHERE validator.id = mission.client_validator_id
           AND client.id = mission.partner_id
           AND (validator.is_company
                OR validator.commercial_partner_id IS DISTINCT FROM client.commercial_partner_id)
        """,
    )
    openupgrade.logged_query(
        env.cr,
        """
        UPDATE esn_cra cra
           SET client_validator_id = mission.client_validator_id
          FROM esn_mission mission
         WHERE mission.id = cra.mission_id
           AND cra.client_validator_id IS DISTINCT FROM mission.client_validator_id
        """,
    )
