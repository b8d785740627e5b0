{
    "name": "ESN Base",
    "summary": "Roles, settings and menus shared by the ESN suite",
    "version": "18.0.1.0.0",
    "category": "Services/ESN",
    "author": "ESN Suite",
    "website": "https://github.com/esn-suite/esn",
    "license": "LGPL-3",
    "depends": ["base_setup", "mail", "portal"],
    "external_dependencies": {"python": ["holidays"]},
    "data": [
        "security/esn_security.xml",
        "views/esn_menus.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": ["demo/esn_base_demo.xml"],
    "application": True,
}
