from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.esn_base.tests.common import BrowserClockMixin

from .common import TODAY, CraSetupMixin


@tagged("post_install", "-at_install")
class TestCraTour(BrowserClockMixin, CraSetupMixin, HttpCase):
    """Portal entry, back-office validation and client approval, in headless Chromium."""

    freeze_time = TODAY  # Odoo's own class-wide freeze: subclasses inherit it, unlike freezegun's decorator

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_cra_world()
        cls.mission.write({"client_approval_required": True, "client_validator_id": cls.client_validator.id})

    def test_month_end_in_the_browser(self):
        cra = self.cra
        self.start_tour(f"/my/cra/{cra.id}", "esn_cra_portal_submit", login="cra_consultant")
        self.assertEqual(cra.state, "submitted")
        self.assertEqual(cra.total_days, 21.5, "22 working days in October 2026, one of them a half day")

        self.start_tour(
            f"/odoo/action-esn_cra.action_esn_cras/{cra.id}", "esn_cra_backend_validate", login="cra_manager"
        )
        self.assertEqual((cra.state, cra.client_state), ("validated", "pending"))
        self.assertFalse(cra.timesheet_ids)

        self.start_tour(f"/my/cra/{cra.id}/review?token={cra.sudo().client_token}", "esn_cra_client_approve")
        self.assertEqual((cra.client_state, cra.client_signatory), ("approved", "Paul Client"))
        self.assertEqual(len(cra.timesheet_ids), 5)
        self.assertEqual(sum(cra.timesheet_ids.mapped("unit_amount")), 21.5 * 8)


@tagged("post_install", "-at_install")
class TestCraAccountManagerTour(BrowserClockMixin, CraSetupMixin, HttpCase):
    """The account manager, an ESN user, validates and rejects his missions' reports from his to-dos."""

    freeze_time = "2026-11-22 12:00:00"  # midday: the browser's time zone reads the same day as the server

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_cra_world()
        cls._setup_second_mission()
        cls.account_manager = new_test_user(cls.env, "cra_account_manager", groups="esn_base.group_esn_user")
        (cls.mission | cls.mission2).user_id = cls.account_manager
        # a report he validated last month: its to-do done, it is not among today's
        september = cls.env["esn.cra"]._generate_for(cls.mission, "2026-09")
        september._set_days({"2026-09-07": 0.5})
        september.action_submit()
        september.with_user(cls.account_manager).action_validate()
        for report in cls.cra | cls.cra2:
            report._set_days({"2026-10-05": 0.5, "2026-10-06": 0.5})
        (cls.cra | cls.cra2).action_submit()

    def test_validate_and_reject_from_the_todos(self):
        self.start_tour("/odoo", "esn_cra_account_manager_todo", login="cra_account_manager")
        self.assertEqual((self.cra.state, self.cra.validated_by_id), ("validated", self.account_manager))
        self.assertEqual(
            (self.cra2.state, self.cra2.reject_reason),
            ("rejected", "The 5th was a public holiday for this client"),
        )
        self.assertFalse(
            self.env["mail.activity"].search(
                [("res_model", "=", "esn.cra"), ("res_id", "in", (self.cra | self.cra2).ids)]
            ),
            "both to-dos are done",
        )


@tagged("post_install", "-at_install")
class TestCraClientApprovalTour(BrowserClockMixin, CraSetupMixin, HttpCase):
    """The client's validator approves three consultants' reports at once, with a drawn signature."""

    freeze_time = TODAY  # Odoo's own class-wide freeze: subclasses inherit it, unlike freezegun's decorator

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_cra_world()
        cls._setup_reports_to_approve()

    def test_batch_approval_in_the_browser(self):
        self.start_tour("/my", "esn_cra_client_batch_approve", login="cra_client_validator")
        self.assertEqual(set(self.cras.mapped("client_state")), {"approved"})
        self.assertEqual(set(self.cras.mapped("client_signatory")), {self.validator_user.name})
        self.assertTrue(all(self.cras.mapped("client_signature")))
        self.assertEqual(self.colleague_cra.client_state, "pending")


@tagged("post_install", "-at_install")
class TestCraClientApprovalTourPhone(TestCraClientApprovalTour):
    """The same on a phone."""

    browser_size = "390x844"
    touch_enabled = True
    allow_inherited_tests_method = True


@tagged("post_install", "-at_install")
class TestCraMonthTour(BrowserClockMixin, CraSetupMixin, HttpCase):
    """The consultant declares a month on two missions and submits it, in headless Chromium."""

    freeze_time = TODAY  # Odoo's own class-wide freeze: subclasses inherit it, unlike freezegun's decorator

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_cra_world()
        cls._setup_second_mission()

    def test_month_in_the_browser(self):
        self.start_tour("/my/cra/month/2026-10", "esn_cra_portal_month", login="cra_consultant")
        self.assertEqual((self.cra.state, self.cra2.state), ("submitted", "submitted"))
        first, second = (self.cra | self.cra2).sorted(lambda cra: cra.mission_id.name)
        self.assertEqual((first.total_days, second.total_days), (2, 0.5))


@tagged("post_install", "-at_install")
class TestCraMonthTourPhone(TestCraMonthTour):
    """On a phone: the month lists the missions, each declared in its report's 7-column calendar."""

    browser_size = "390x844"
    touch_enabled = True

    def test_month_in_the_browser(self):
        self.start_tour("/my/cra/month/2026-10", "esn_cra_portal_month_phone", login="cra_consultant")
        first, second = (self.cra | self.cra2).sorted(lambda cra: cra.mission_id.name)
        self.assertEqual((first.state, first.total_days), ("submitted", 1))
        self.assertEqual(second.state, "draft")
