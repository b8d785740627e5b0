from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, RedirectWarning, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.esn_compliance.models.res_partner import OVERRIDABLE_METHODS

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

    def test_override_wizard_runs_only_what_the_guard_blocks(self):
        """Whoever opens the wizard names the model, the record and the method: any other method than
        the guarded ones, or another model, is refused and nothing is written."""
        self.env.company.esn_compliance_enforcement = "block"
        document = self._document(self.freelance, self.urssaf, date(2026, 11, 2), accepted=False)
        document.action_check_code()
        messages = self.record.message_ids
        document_messages = document.message_ids
        for user, res_model, res_id, method in (
            (self.manager, "res.partner", self.record.id, "action_archive"),
            (self.manager, "res.partner", self.record.id, "unlink"),
            (self.manager, "res.partner", self.record.id, "action_esn_view_compliance_documents"),
            (self.manager, "res.partner", self.record.id, "action_post"),
            # a method non-managers may run again, on a model the guard does not block
            (self.user, "esn.compliance.document", document.id, "action_validate"),
            (self.manager, "esn.compliance.document", document.id, "action_validate"),
            (self.manager, "no.such.model", 1, "action_post"),
        ):
            with self.subTest(user=user.login, model=res_model, method=method):
                Wizard = self.env["esn.compliance.override.wizard"].with_user(user)
                values = {"res_model": res_model, "res_id": res_id, "method": method, "reason": "trust me"}
                with self.assertRaisesRegex(ValidationError, "cannot be overridden"):
                    Wizard.create(values)
        self.assertTrue(self.record.active)
        self.assertEqual(self.record.message_ids, messages)
        self.assertEqual(document.review_state, "pending")
        self.assertEqual(document.message_ids, document_messages)
        self.assertFalse(self.env["esn.compliance.override.wizard"].search([]))

    def test_overridable_methods_are_the_guarded_ones(self):
        for res_model, methods in OVERRIDABLE_METHODS.items():
            if res_model not in self.env:
                continue  # its module is not installed: its wizard is refused
            for method in methods:
                self.assertTrue(callable(getattr(self.env[res_model], method, None)), f"{res_model}.{method}")
        if "esn.mission" not in self.env:
            return
        # a new commitment is the managers' to override, a changed wizard is checked again
        wizard = (
            self.env["esn.compliance.override.wizard"]
            .with_user(self.user)
            .create({"res_model": "esn.mission", "res_id": 0, "method": "action_activate", "reason": "x"})
        )
        with self.assertRaisesRegex(AccessError, "Only ESN managers"):
            wizard.action_confirm()
        with self.assertRaisesRegex(ValidationError, "cannot be overridden"):
            wizard.method = "action_cancel"

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
