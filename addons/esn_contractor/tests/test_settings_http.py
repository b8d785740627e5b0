from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestEsnSettingsHttp(HttpCase):
    def test_esn_admin_saves_the_settings_in_the_browser(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"].search(
            [("name", "in", ("esn_base", "esn_contractor"))]
        )._update_translations(["fr_FR"])
        esn_admin = new_test_user(
            self.env, "esn_settings_admin", groups="esn_base.group_esn_admin", lang="fr_FR"
        )
        self.assertFalse(esn_admin.has_group("base.group_system"))
        self.start_tour(
            "/odoo/action-esn_base.action_esn_settings", "esn_settings_tour", login="esn_settings_admin"
        )
        self.assertEqual(esn_admin.company_id.esn_hours_per_day, 7)
        fields_info = (
            self.env["esn.config.settings"].with_context(lang="fr_FR").fields_get(["esn_hours_per_day"])
        )
        self.assertEqual(fields_info["esn_hours_per_day"]["string"], "Heures par jour")
