from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestEsnRoles(TransactionCase):
    def test_roles_imply_each_other(self):
        manager = new_test_user(self.env, "esn_mgr_settings", groups="esn_base.group_esn_manager")
        esn_admin = new_test_user(self.env, "esn_admin_roles", groups="esn_base.group_esn_admin")
        self.assertTrue(manager.has_group("esn_base.group_esn_user"))
        self.assertFalse(manager.has_group("esn_base.group_esn_admin"))
        self.assertTrue(esn_admin.has_group("esn_base.group_esn_manager"))
