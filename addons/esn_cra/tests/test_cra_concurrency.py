import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import commit_submitted_cra, remove_committed_cra


@tagged("post_install", "-at_install")
class TestCraConcurrentValidation(TransactionCase):
    """Two managers validating the same report at once: one validation, one set of timesheet lines.

    This needs two real transactions, so its data is committed in its own cursor and removed after."""

    def _committed_world(self):
        world = commit_submitted_cra(self.registry, "Concurrent validation")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            group = env.ref("esn_base.group_esn_manager")
            world["managers"] = (
                env["res.users"]
                .create(
                    [
                        {
                            "name": f"Concurrent manager {i}",
                            "login": f"cra_concurrent_{i}",
                            "groups_id": [(6, 0, group.ids)],
                        }
                        for i in range(2)
                    ]
                )
                .ids
            )
        return world

    def _remove(self, world):
        remove_committed_cra(self.registry, world)
        with self.registry.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["res.users"].browse(world["managers"]).unlink()

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
                self.assertEqual(len(cra.timesheet_ids), 5, "one set of timesheet lines")
        finally:
            self._remove(world)


@tagged("post_install", "-at_install")
class TestCraConcurrentFirstDeclaration(TransactionCase):
    """Two first declarations of the same month at once: one report, both days kept, no raw
    unique-constraint error. Two real transactions; the data is committed and removed after."""

    def test_two_first_declarations_at_once(self):
        world = commit_submitted_cra(self.registry, "Concurrent declaration")
        mission_name = self.env["esn.mission"].browse(world["mission"]).name
        try:
            with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
                env_a = api.Environment(cr_a, SUPERUSER_ID, {})
                env_b = api.Environment(cr_b, SUPERUSER_ID, {})
                # B has started its transaction (its snapshot) before A declares and commits
                self.assertFalse(
                    env_b["esn.cra"].search(
                        [("month", "=", "2026-09"), ("mission_id", "=", world["mission"])]
                    )
                )
                env_a["esn.cra"].set_days(mission_name, "2026-09", {"2026-09-01": 1})
                cr_a.commit()
                with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.SerializationFailure):
                    env_b["esn.cra"].set_days(mission_name, "2026-09", {"2026-09-02": 1})
                # what Odoo's RPC and HTTP layers do with it: roll back and run the call again
                cr_b.rollback()
                cra_id = retrying(
                    lambda: env_b["esn.cra"].set_days(mission_name, "2026-09", {"2026-09-02": 1}), env_b
                )
                cr_b.commit()
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                cras = env["esn.cra"].search(
                    [("mission_id", "=", world["mission"]), ("month", "=", "2026-09")]
                )
                self.assertEqual(cras.ids, [cra_id], "one report for the month")
                self.assertEqual(cras.total_days, 2, "both declarations kept")
                cras.unlink()
        finally:
            remove_committed_cra(self.registry, world)
