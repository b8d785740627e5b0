from datetime import date

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestCraConcurrentValidation(TransactionCase):
    """Two managers validating the same report at once: one validation, one set of timesheet lines.

    This needs two real transactions, so its data is committed in its own cursor and removed after."""

    def _committed_world(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            group = env.ref("esn_base.group_esn_manager")
            managers = env["res.users"].create(
                [
                    {
                        "name": f"Concurrent manager {i}",
                        "login": f"cra_concurrent_{i}",
                        "groups_id": [(6, 0, group.ids)],
                    }
                    for i in range(2)
                ]
            )
            client = env["res.partner"].create({"name": "Concurrent client"})
            employee = env["hr.employee"].create({"name": "Concurrent consultant"})
            mission = env["esn.mission"].create(
                {
                    "partner_id": client.id,
                    "employee_id": employee.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                    "sell_rate": 600,
                    "buy_rate": 300,
                }
            )
            mission.action_activate()
            cra = env["esn.cra"].create({"mission_id": mission.id, "month": "2026-10"})
            cra._set_days(cra._working_days_to_fill())
            cra.action_submit()
            return {
                "managers": managers.ids,
                "cra": cra.id,
                "mission": mission.id,
                "employee": employee.id,
                "client": client.id,
                "project": mission.project_id.id,
            }

    def _remove(self, world):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cra = env["esn.cra"].browse(world["cra"])
            cra.timesheet_ids.unlink()
            cra.write({"state": "draft"})
            cra.unlink()
            env["esn.mission"].browse(world["mission"]).unlink()
            env["project.project"].browse(world["project"]).unlink()
            env["hr.employee"].browse(world["employee"]).unlink()
            env["res.users"].browse(world["managers"]).unlink()
            env["res.partner"].browse(world["client"]).unlink()

    def test_two_managers_validate_at_once(self):
        """Manager A validates; manager B, in a concurrent transaction, waits on A's row lock (here a
        lock timeout stands for the wait), then finds the report validated and is refused."""
        world = self._committed_world()
        manager_a, manager_b = world["managers"]
        try:
            with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
                cra_a = api.Environment(cr_a, manager_a, {})["esn.cra"].browse(world["cra"])
                cra_b = api.Environment(cr_b, manager_b, {})["esn.cra"].browse(world["cra"])
                self.assertEqual(cra_b.state, "submitted", "B has read the report before A validates")
                cra_a.action_validate()
                cr_b.execute("SET LOCAL lock_timeout = '500ms'")
                with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.LockNotAvailable):
                    cra_b.action_validate()
                cr_b.rollback()
                cr_a.commit()
                with self.assertRaisesRegex(UserError, "Only submitted activity reports can be validated"):
                    cra_b.action_validate()
            with self.registry.cursor() as cr:
                cra = api.Environment(cr, SUPERUSER_ID, {})["esn.cra"].browse(world["cra"])
                self.assertEqual(cra.state, "validated")
                self.assertEqual(cra.validated_by_id.id, manager_a)
                self.assertEqual(len(cra.timesheet_ids), 22, "one set of timesheet lines")
        finally:
            self._remove(world)
