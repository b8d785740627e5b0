{
    "name": "ESN Base",
    "summary": "Roles, settings and menus shared by the ESN suite",
    "version": "18.0.1.4.1",
    "category": "Services/ESN",
    "author": "ESN Suite",
    "website": "https://github.com/esn-suite/esn",
    "license": "LGPL-3",
    "external_dependencies": {"python": ["openupgradelib"]},
    "depends": ["base_setup", "mail", "portal"],
    "data": [
        "security/esn_security.xml",
        "security/ir.model.access.csv",
        "wizards/esn_reason_wizard_views.xml",
        "views/esn_menus.xml",
        "views/esn_config_settings_views.xml",
    ],
    "demo": ["demo/esn_base_demo.xml"],
}
