from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestEsnSettings(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.esn_admin = new_test_user(cls.env, "esn_admin_settings", groups="esn_base.group_esn_admin")
        cls.esn_user = new_test_user(cls.env, "esn_user_settings", groups="esn_base.group_esn_user")

    def test_esn_admin_changes_the_esn_settings_without_odoo_admin_rights(self):
        self.assertFalse(self.esn_admin.has_group("base.group_system"))
        self.assertFalse(self.esn_admin.has_group("base.group_erp_manager"))
        settings = (
            self.env["esn.config.settings"].with_user(self.esn_admin).create({"esn_hours_per_day": 7.0})
        )
        settings.execute()
        self.assertEqual(self.esn_admin.company_id.esn_hours_per_day, 7.0)

    def test_esn_admin_changes_nothing_else(self):
        company = self.esn_admin.company_id
        with self.assertRaises(AccessError):
            company.with_user(self.esn_admin).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.esn_admin).create({})
        other = self.env["res.company"].create({"name": "Another ESN"})
        with self.assertRaises(AccessError):
            self.env["esn.config.settings"].with_user(self.esn_admin).create(
                {"company_id": other.id, "esn_hours_per_day": 6.0}
            )
        self.assertEqual(other.esn_hours_per_day, 8.0)
        self.assertNotEqual(company.name, "Renamed")
        # nor another company's settings, by moving their own settings there in the same write
        settings = self.env["esn.config.settings"].with_user(self.esn_admin).create({})
        with self.assertRaisesRegex(AccessError, "your own companies"):
            settings.write({"company_id": other.id, "esn_hours_per_day": 6.0})
        self.assertEqual(other.esn_hours_per_day, 8.0)
        self.assertEqual(settings.sudo().company_id, company)

    def test_default(self):
        self.assertEqual(self.env["res.company"].create({"name": "New ESN"}).esn_hours_per_day, 8.0)

    def test_hours_per_day_bounds(self):
        company = self.env.company
        for bad in (0, -1, 25):
            with self.subTest(hours=bad), self.assertRaises(ValidationError):
                company.esn_hours_per_day = bad
                company.flush_recordset()

    def test_user_cannot_change_settings(self):
        with self.assertRaises(AccessError):
            self.env["esn.config.settings"].with_user(self.esn_user).create({"esn_hours_per_day": 6.0})
        self.assertEqual(self.env.company.esn_hours_per_day, 8.0)
