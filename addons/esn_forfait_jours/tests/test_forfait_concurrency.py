from datetime import date

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestForfaitConcurrentSubmissions(TransactionCase):
    """A consultant under a blocking forfait of 3 days submits two reports of 2 days each at once
    (two missions, two tabs): one goes through, the other waits for it, then counts it and is
    refused. Two real transactions: the data is committed in its own cursor and removed after."""

    def _committed_world(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env.company.esn_forfait_policy = "block"
            employee = env["hr.employee"].create(
                {"name": "Concurrent forfait consultant", "esn_forfait_jours": True, "esn_forfait_days": 3}
            )
            client = env["res.partner"].create({"name": "Concurrent forfait client"})
            missions = env["esn.mission"].create(
                [
                    {
                        "partner_id": client.id,
                        "employee_id": employee.id,
                        "date_start": date(2026, 1, 1),
                        "date_end": date(2026, 12, 31),
                        "sell_rate": 600,
                        "buy_rate": 300,
                        "allocation": 0.5,
                    }
                    for _ in range(2)
                ]
            )
            missions.action_activate()
            cras = env["esn.cra"].create(
                [{"mission_id": mission.id, "month": "2026-10"} for mission in missions]
            )
            cras[0]._set_days({"2026-10-05": 1, "2026-10-06": 1})
            cras[1]._set_days({"2026-10-07": 1, "2026-10-08": 1})
            return {
                "cras": cras.ids,
                "missions": missions.ids,
                "employee": employee.id,
                "client": client.id,
                "projects": missions.project_id.ids,
            }

    def _remove(self, world):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cras = env["esn.cra"].browse(world["cras"])
            cras._workflow_write({"validation_state": "draft"})
            cras.unlink()
            missions = env["esn.mission"].browse(world["missions"])
            missions.action_cancel()
            missions.unlink()
            env["project.project"].browse(world["projects"]).unlink()
            env["hr.employee"].browse(world["employee"]).unlink()
            env["res.partner"].browse(world["client"]).unlink()

    def test_two_submissions_at_once_count_each_other(self):
        world = self._committed_world()
        policy = self.env.company.esn_forfait_policy
        try:
            with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
                cra_a = api.Environment(cr_a, SUPERUSER_ID, {})["esn.cra"].browse(world["cras"][0])
                cra_b = api.Environment(cr_b, SUPERUSER_ID, {})["esn.cra"].browse(world["cras"][1])
                self.assertEqual(cra_b.state, "draft", "B has read its report before A submits")
                cra_a.action_submit()
                cr_b.execute("SET LOCAL lock_timeout = '500ms'")
                with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.LockNotAvailable):
                    cra_b.action_submit()
                cr_b.rollback()
                cr_a.commit()
                with self.assertRaisesRegex(UserError, "would work 4 days in 2026"):
                    cra_b.action_submit()
                cr_b.rollback()
            with self.registry.cursor() as cr:
                cras = api.Environment(cr, SUPERUSER_ID, {})["esn.cra"].browse(world["cras"])
                self.assertEqual(cras.mapped("state"), ["submitted", "draft"])
        finally:
            self._remove(world)
            with self.registry.cursor() as cr:
                api.Environment(cr, SUPERUSER_ID, {}).company.esn_forfait_policy = policy
