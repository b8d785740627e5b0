from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, RedirectWarning, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import MissionCase


@tagged("post_install", "-at_install")
@freeze_time(date(2026, 1, 5))
class TestMissionVigilance(MissionCase):
    """The obligation de vigilance by the law: the contract's total, checks every 6 months, portage."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.sudo().write(
            {"esn_compliance_enforcement": "block", "esn_compliance_threshold": 5000}
        )
        # only the public holidays count in the working days here, not Odoo's demo days off
        cls.env["resource.calendar.leaves"].sudo().search(
            [("resource_id", "=", False), ("esn_holiday_key", "=", False)]
        ).unlink()

    def test_threshold_applies_to_the_contract_total_with_amendments(self):
        # 610 a day for ten months: each month's bill is small, the contract is not
        long = self._mission(
            self.external, start=date(2026, 1, 5), end=date(2026, 10, 30), buy_rate=610, sell_rate=800
        )
        self.assertGreater(long._supplier_contract_amount(), 100000)
        with self.assertRaises(RedirectWarning):
            long.action_activate()
        self.assertEqual(long.state, "draft")
        # 8 days ordered at 450 (3,600) is below the threshold...
        short = self._mission(
            self.external,
            start=date(2026, 2, 2),
            end=date(2026, 2, 27),
            buy_rate=450,
            sell_rate=1000,
            ordered_days=8,
        )
        self.assertEqual(short._supplier_contract_amount(), 3600)
        # ... until an amendment raises the rate for the second half of the month: 4 x 450 + 4 x 800
        self.env["esn.mission.amendment"].create(
            {
                "mission_id": short.id,
                "date_effective": date(2026, 2, 16),
                "buy_rate": 800,
                "reason": "Avenant 1",
            }
        )
        self.assertEqual(short._supplier_contract_amount(), 5000)
        with self.assertRaises(RedirectWarning):
            short.action_activate()
        small = self._mission(self.external, start=date(2026, 3, 2), end=date(2026, 3, 6), buy_rate=450)
        small.action_activate()
        self.assertEqual(small.state, "active", "5 days at 450: below the threshold, no vigilance due")
        self.assertFalse(small.vigilance_check_ids)

    def test_checks_at_signature_and_every_six_months(self):
        mission = self._mission(self.external, start=date(2026, 1, 5), end=date(2027, 6, 30), buy_rate=450)
        mission.with_context(esn_compliance_override_reason="Documents promised this week").action_activate()
        signature = mission.vigilance_check_ids
        self.assertEqual(
            (signature.trigger, signature.date, signature.compliant, signature.partner_id, signature.late),
            ("signature", date(2026, 1, 5), False, self.supplier, False),
        )
        self.assertIn("URSSAF", signature.issues)
        self.assertEqual(signature.override_reason, "Documents promised this week", "the decision, recorded")
        self.assertEqual(mission.vigilance_next_check, date(2026, 7, 5))
        Mission = self.env["esn.mission"]
        with freeze_time(date(2026, 7, 4)):
            Mission._cron_daily()
        self.assertEqual(len(mission.vigilance_check_ids), 1, "not due yet")
        with freeze_time(date(2026, 7, 5)):
            Mission._cron_daily()
            Mission._cron_daily()
        periodic = mission.vigilance_check_ids.filtered(lambda check: check.trigger == "periodic")
        self.assertEqual((len(periodic), periodic.compliant, periodic.override_reason), (1, False, False))
        # both in the contractor's vigilance dossier, oldest first, the decision with its author
        rows = self.supplier._esn_vigilance_checks()
        self.assertEqual([row["trigger"] for row in rows], ["At Signature", "Every 6 Months"])
        self.assertEqual(
            (rows[0]["subject"], rows[0]["reason"], rows[0]["override"]),
            (mission.display_name, "Documents promised this week", self.env.user.name),
        )
        self.assertEqual(mission.vigilance_next_check, date(2027, 1, 5))
        warning = mission.activity_ids.filtered(lambda activity: "6-month" in activity.summary)
        self.assertEqual(warning.user_id, mission.user_id)
        # the record of the checks is the suite's: nobody writes it by hand
        with self.assertRaises(UserError):
            mission.write({"vigilance_next_check": date(2030, 1, 1)})
        with self.assertRaises(AccessError):
            periodic.write({"compliant": True})

    def test_contract_amounts_are_for_esn_managers(self):
        """The buy rate follows from a check's contract amount: ESN users read the checks, not it."""
        mission = self._mission(self.external, start=date(2026, 1, 5), end=date(2027, 6, 30), buy_rate=450)
        mission.with_context(esn_compliance_override_reason="Documents promised this week").action_activate()
        user = new_test_user(self.env(su=True), "vigilance_esn_user", groups="esn_base.group_esn_user")
        check = mission.vigilance_check_ids.with_user(user)
        self.assertEqual(check.read(["date", "compliant"])[0]["date"], date(2026, 1, 5))
        with self.assertRaises(AccessError):
            check.read(["contract_amount"])
        with self.assertRaises(AccessError):
            check.search_read([("contract_amount", ">", 0)], ["date"])
        self.assertEqual(mission.vigilance_check_ids.contract_amount, mission._supplier_contract_amount())

    def test_portage_36_months_across_chained_missions(self):
        portage = (
            self.env["res.partner"].sudo().create({"name": "Portage Co", "esn_contractor_kind": "portage"})
        )
        employee = self.env["hr.employee"].create({"name": "Porté", "esn_supplier_id": portage.id})
        self._mission(employee, start=date(2026, 1, 5), end=date(2027, 12, 31))
        with self.assertRaisesRegex(ValidationError, "36 months at most"):
            self._mission(employee, start=date(2028, 1, 1), end=date(2029, 3, 31))
        with self.assertRaisesRegex(ValidationError, "36 months at most"):
            self._mission(employee, start=date(2028, 1, 20), end=date(2029, 3, 31))
        # a break of months starts nothing again (L1254-4 counts the engagement at the client)
        with self.assertRaisesRegex(ValidationError, "36 months at most"):
            self._mission(employee, start=date(2028, 6, 1), end=date(2029, 3, 31))
        # another client is another engagement
        other_client = self.env["res.partner"].sudo().create({"name": "Other Client", "is_company": True})
        self.assertTrue(
            self._mission(employee, start=date(2028, 1, 1), end=date(2029, 3, 31), partner_id=other_client.id)
        )

    def test_kind_and_contractor_come_from_the_consultant(self):
        portage = (
            self.env["res.partner"].sudo().create({"name": "Portage Co", "esn_contractor_kind": "portage"})
        )
        employee = self.env["hr.employee"].create({"name": "Porté", "esn_supplier_id": portage.id})
        mission = self._mission(employee)
        self.assertEqual((mission.kind, mission.supplier_id), ("portage", portage))
        with self.assertRaises(UserError):
            mission.write({"kind": "freelance"})
        with self.assertRaises(UserError):
            self._mission(employee, start=date(2027, 1, 1), kind="freelance")
        self.assertEqual(mission.kind, "portage")

    def test_an_amendment_is_a_new_commitment_checked_and_recorded(self):
        """Activated below the threshold, amended above it: the contract is checked again."""
        mission = self._mission(
            self.external, start=date(2026, 1, 5), end=date(2026, 1, 9), buy_rate=450, sell_rate=900
        )
        mission.action_activate()
        self.assertFalse(mission.vigilance_check_ids, "2,250 EUR: below the threshold")
        amendment = {
            "mission_id": mission.id,
            "date_effective": date(2026, 1, 9),
            "date_end": date(2026, 6, 30),
            "reason": "Extended to June",
        }
        with self.assertRaisesRegex(UserError, "cannot go on: the contractor is not compliant"):
            self.env["esn.mission.amendment"].create(amendment)
        self.assertFalse(mission.amendment_ids)
        self.assertEqual(mission.date_end, date(2026, 1, 9))
        self.env["esn.mission.amendment"].with_context(
            esn_compliance_override_reason="Attestation asked, extension urgent"
        ).create(amendment)
        check = mission.vigilance_check_ids
        self.assertEqual((check.trigger, check.compliant), ("amendment", False))
        self.assertGreater(check.contract_amount, 5000)
        self.assertEqual(mission.vigilance_next_check, date(2026, 7, 5))
        self.assertTrue(
            any("Attestation asked, extension urgent" in body for body in mission.message_ids.mapped("body"))
        )

    def test_a_check_after_the_start_is_flagged_late(self):
        mission = self._mission(self.external, start=date(2026, 1, 2), end=date(2026, 12, 31), buy_rate=450)
        mission.with_context(esn_compliance_override_reason="Documents promised this week").action_activate()
        check = mission.vigilance_check_ids
        self.assertEqual(
            (check.date, check.late), (date(2026, 1, 5), True), "signed on the 5th, started the 2nd"
        )

    def test_the_proof_of_vigilance_is_never_deleted(self):
        mission = self._mission(self.external, start=date(2026, 1, 5), end=date(2027, 6, 30), buy_rate=450)
        mission.with_context(esn_compliance_override_reason="Documents promised this week").action_activate()
        check = mission.vigilance_check_ids
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            check.sudo().unlink()
        mission.action_cancel()
        with self.assertRaisesRegex(UserError, "stay cancelled, not deleted"):
            mission.sudo().unlink()
        self.assertTrue(check.exists())
