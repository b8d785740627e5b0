from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, RedirectWarning, UserError
from odoo.tests import new_test_user, tagged

from .common import ComplianceCase


@tagged("post_install", "-at_install")
@freeze_time(date(2026, 11, 22))
class TestComplianceEnforcement(ComplianceCase):
    """The shared check other modules call before activating a mission, validating a CRA or
    posting a vendor bill. Here the guarded record is the contractor itself (it has a chatter)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, "esn_enf_manager", groups="esn_base.group_esn_manager,base.group_partner_manager"
        )
        cls.user = new_test_user(
            cls.env, "esn_enf_user", groups="esn_base.group_esn_user,base.group_partner_manager"
        )
        cls.record = cls.freelance

    def _check(self, user, amount=None, reason=None):
        partner = self.freelance.with_user(user).with_context(esn_compliance_override_reason=reason)
        return partner._esn_check_compliance(
            self.record.with_user(user), "action_esn_view_compliance_documents", amount
        )

    def _messages(self):
        return self.record.message_ids.mapped("body")

    def test_block_mode(self):
        self.env.company.esn_compliance_enforcement = "block"
        with self.assertRaises(RedirectWarning) as caught:
            self._check(self.manager)
        message, action_id, _button, context = caught.exception.args
        self.assertIn("Kbis Extract: missing", message)
        self.assertEqual(action_id, self.env.ref("esn_compliance.action_esn_compliance_override").id)
        self.assertEqual(context["default_res_id"], self.record.id)
        with self.assertRaisesRegex(UserError, "Ask an ESN manager"):
            self._check(self.user)

    def test_warn_mode_logs_and_goes_on(self):
        self.env.company.esn_compliance_enforcement = "warn"
        self.assertTrue(self._check(self.user))
        self.assertTrue(any("non-compliant contractor" in body for body in self._messages()))

    def test_compliant_or_below_threshold_passes(self):
        self.env.company.esn_compliance_enforcement = "block"
        self.assertTrue(self._check(self.user, amount=4999.99))
        with self.assertRaises(UserError):
            self._check(self.user, amount=5000)
        self._make_compliant(self.freelance, date(2026, 11, 22))
        self.assertTrue(self._check(self.user, amount=100000))

    def test_override_by_manager_is_logged(self):
        self.env.company.esn_compliance_enforcement = "block"
        with self.assertRaises(AccessError):
            self._check(self.user, reason="trust me")
        self.assertTrue(self._check(self.manager, reason="Attestation received by mail"))
        self.assertTrue(
            any(
                "overridden by" in body and "Attestation received by mail" in body
                for body in self._messages()
            )
        )

    def test_override_wizard(self):
        Wizard = self.env["esn.compliance.override.wizard"].with_user(self.manager)
        wizard = Wizard.create(
            {
                "res_model": "res.partner",
                "res_id": self.record.id,
                "method": "action_esn_view_compliance_documents",
                "reason": "Renewal on its way",
            }
        )
        action = wizard.action_confirm()
        self.assertEqual(action["res_model"], "esn.compliance.document")
        bad = Wizard.create(
            {"res_model": "res.partner", "res_id": self.record.id, "method": "unlink", "reason": "x"}
        )
        with self.assertRaisesRegex(UserError, "cannot be overridden"):
            bad.action_confirm()
        self.assertTrue(self.record.exists())
        not_a_manager = (
            self.env["esn.compliance.override.wizard"]
            .with_user(self.user)
            .create(
                {"res_model": "res.partner", "res_id": self.record.id, "method": "action_x", "reason": "x"}
            )
        )
        with self.assertRaises(AccessError):
            not_a_manager.action_confirm()

    def test_work_done_goes_on_with_a_recorded_decision(self):
        """Validating a report or posting a bill of work done is never refused for the contractor's
        documents: whoever may do it records why they go on (who, why, in the chatter)."""
        self.env.company.esn_compliance_enforcement = "block"
        partner = self.freelance.with_user(self.user)
        with self.assertRaises(RedirectWarning) as caught:
            partner._esn_check_compliance(self.record.with_user(self.user), "action_post")
        message, _action, button, context = caught.exception.args
        self.assertIn("record why you go on", message)
        self.assertEqual((button, context["default_method"]), ("Record my decision", "action_post"))
        decided = partner.with_context(esn_compliance_override_reason="November's work, attestation asked")
        self.assertTrue(decided._esn_check_compliance(self.record.with_user(self.user), "action_validate"))
        self.assertTrue(
            any(
                "overridden by" in body and self.user.name in body and "attestation asked" in body
                for body in self._messages()
            )
        )
        # a new commitment stays the managers'
        with self.assertRaises(AccessError):
            decided._esn_check_compliance(self.record.with_user(self.user), "action_activate")
