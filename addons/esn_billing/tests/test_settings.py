from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestEsnSettings(TransactionCase):
    """The settings each module adds to the ESN settings page, written by an ESN administrator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.esn_admin = new_test_user(cls.env, "esn_admin_all_settings", groups="esn_base.group_esn_admin")

    def test_esn_admin_changes_the_esn_settings_without_odoo_admin_rights(self):
        self.assertFalse(self.esn_admin.has_group("base.group_system"))
        self.assertFalse(self.esn_admin.has_group("base.group_erp_manager"))
        settings = (
            self.env["esn.config.settings"]
            .with_user(self.esn_admin)
            .create(
                {
                    "esn_compliance_enforcement": "warn",
                    "esn_hours_per_day": 7.0,
                    "esn_client_approval_default": True,
                    "esn_invoice_grouping": "po",
                }
            )
        )
        settings.execute()
        company = self.esn_admin.company_id
        self.assertEqual(company.esn_compliance_enforcement, "warn")
        self.assertEqual(company.esn_hours_per_day, 7.0)
        self.assertTrue(company.esn_client_approval_default)
        self.assertEqual(company.esn_invoice_grouping, "po")

    def test_defaults(self):
        company = self.env["res.company"].create({"name": "New ESN"})
        self.assertEqual(company.esn_compliance_enforcement, "block")
        self.assertEqual(company.esn_hours_per_day, 8.0)
        self.assertEqual(company.esn_invoice_grouping, "client")
