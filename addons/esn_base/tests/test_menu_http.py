from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestEsnMenuHttp(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"].search([("name", "=", "esn_base")])._update_translations(["fr_FR"])
        cls.esn_admin = new_test_user(
            cls.env, "esn_http_admin", groups="esn_base.group_esn_admin", lang="fr_FR"
        )
        cls.esn_user = new_test_user(cls.env, "esn_http_user", groups="esn_base.group_esn_user")

    def _load_menus(self):
        response = self.url_open("/web/webclient/load_menus/dummy")
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_esn_menu_in_french(self):
        self.authenticate("esn_http_admin", "esn_http_admin")
        home = self.url_open("/odoo")
        self.assertEqual(home.status_code, 200)
        menus = self._load_menus()
        root_id = self.env.ref("esn_base.menu_esn_root").id
        self.assertIn(str(root_id), menus)
        self.assertEqual(menus[str(root_id)]["name"], "ESN")
        settings_menu = menus[str(self.env.ref("esn_base.menu_esn_settings").id)]
        self.assertEqual(settings_menu["name"], "Paramètres")

        action = self.make_jsonrpc_request("/web/action/load", {"action_id": "esn_base.action_esn_settings"})
        self.assertEqual(action["res_model"], "esn.config.settings")
        views = self.make_jsonrpc_request(
            "/web/dataset/call_kw/esn.config.settings/get_views",
            {
                "model": "esn.config.settings",
                "method": "get_views",
                "args": [[[False, "form"]]],
                "kwargs": {"context": {"lang": "fr_FR"}},
            },
        )
        arch = views["views"]["form"]["arch"]
        self.assertIn("Conformité", arch)
        self.assertIn("Facturation", arch)

    def test_plain_user_has_no_settings(self):
        self.authenticate("esn_http_user", "esn_http_user")
        menus = self._load_menus()
        self.assertNotIn(str(self.env.ref("esn_base.menu_esn_settings").id), menus)
        self.assertNotIn(str(self.env.ref("esn_base.menu_esn_config").id), menus)
