from datetime import date

from odoo.tests import TransactionCase, new_test_user

from odoo.addons.esn_base.tests.common import EsnTestMixin

TODAY = date(2026, 11, 22)


class CraSetupMixin:
    """A consultant with a portal login on an active mission at a client, and an ESN manager."""

    @classmethod
    def _setup_cra_world(cls):
        env = cls.env
        cls.manager = new_test_user(
            env, "cra_manager", groups="esn_base.group_esn_manager", email="m@example.com"
        )
        cls.client = env["res.partner"].create(
            {"name": "Client Corp", "is_company": True, "email": "c@client.example"}
        )
        cls.client_validator = env["res.partner"].create(
            {"name": "Paul Client", "parent_id": cls.client.id, "email": "paul@client.example"}
        )
        cls.consultant_user = new_test_user(
            env, "cra_consultant", groups="base.group_portal", email="cons@example.com"
        )
        cls.employee = env["hr.employee"].create(
            {"name": "Cra Consultant", "esn_login_user_id": cls.consultant_user.id}
        )
        cls.mission = env["esn.mission"].create(
            {
                "partner_id": cls.client.id,
                "employee_id": cls.employee.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "sell_rate": 600,
                "buy_rate": 300,
            }
        )
        cls.mission.action_activate()
        cls.cra = env["esn.cra"]._cron_generate("2026-10")


class CraCase(EsnTestMixin, CraSetupMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_cra_world()

    def _lines(self, cra=None):
        return {line.date.isoformat(): line.quantity for line in (cra or self.cra).line_ids}
